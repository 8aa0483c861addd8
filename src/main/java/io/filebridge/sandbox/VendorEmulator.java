package io.filebridge.sandbox;

import org.springframework.http.ResponseEntity;

/** What the shared sandbox plumbing needs to know about each vendor's emulator. */
public interface VendorEmulator {

    /** Path prefix of every endpoint of this emulator, e.g. {@code /sandbox/sendcloud}. */
    String basePath();

    /** The vendor's answer to an upload over its size limit. */
    ResponseEntity<Object> uploadTooLarge();
}
