package io.filebridge.sandbox;

import org.springframework.http.ResponseEntity;

/**
 * What {@link UploadLimitAdvice} needs to know about an emulator served by Spring MVC on the main port (Phrase, until
 * it moves to {@code sandbox.emulator} as the other vendors did).
 */
public interface VendorEmulator {

    /** Path prefix of every endpoint of this emulator, e.g. {@code /sandbox/sendcloud}. */
    String basePath();

    /** The vendor's answer to an upload over its size limit. */
    ResponseEntity<Object> uploadTooLarge();
}
