package io.filebridge.sandbox.aymara;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * An upload the Aymara emulator answered 200. {@code auth}: "x-api-key", "bearer" or "x-api-key+bearer". The JSON
 * names are those of the sandbox listing {@code GET /sandbox/aymara/uploads}.
 */
public record AymaraUpload(
        @JsonProperty("name") String filename,
        @JsonProperty("mime_type") String contentType,
        long size,
        String sha256,
        @JsonProperty("received_at") Instant arrivedAt,
        @JsonProperty("file_uuid") String fileUuid,
        @JsonProperty("workspace_uuid") String workspaceUuid,
        String auth) {
}
