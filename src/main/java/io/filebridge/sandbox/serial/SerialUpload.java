package io.filebridge.sandbox.serial;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** One accepted upload as listed by {@code GET /sandbox/serial/uploads}. */
public record SerialUpload(
        @JsonProperty("file_name") String fileName,
        long size,
        String sha256,
        String mimetype,
        String id,
        String name,
        @JsonProperty("received_at") Instant receivedAt) {
}
