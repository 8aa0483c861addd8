package io.filebridge.sandbox.emulator;

/** The body is not well-formed multipart; the message says where, for a readable contract violation. */
public class MultipartFormatException extends Exception {

    public MultipartFormatException(String message) {
        super(message);
    }
}
