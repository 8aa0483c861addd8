package io.filebridge.sandbox.aymara;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** One accepted upload as listed by {@code GET /sandbox/aymara/uploads}. {@code auth}: x-api-key, bearer or both. */
public record AymaraUpload(
        String name,
        long size,
        String sha256,
        @JsonProperty("mime_type") String mimeType,
        @JsonProperty("file_uuid") String fileUuid,
        @JsonProperty("workspace_uuid") String workspaceUuid,
        String auth,
        @JsonProperty("received_at") Instant receivedAt) {
}
