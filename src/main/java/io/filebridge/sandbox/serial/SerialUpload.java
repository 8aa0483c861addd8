package io.filebridge.sandbox.serial;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * An upload the Serial emulator answered 200: {@code id} and {@code name} are what the receipt should carry. The
 * JSON names are those of the sandbox listing {@code GET /sandbox/serial/uploads}.
 */
public record SerialUpload(
        @JsonProperty("file_name") String filename,
        @JsonProperty("mimetype") String contentType,
        long size,
        String sha256,
        @JsonProperty("received_at") Instant arrivedAt,
        String id,
        String name) {
}
