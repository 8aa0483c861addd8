package io.filebridge.sandbox.sendcloud;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** One accepted upload as listed by {@code GET /sandbox/sendcloud/uploads}. */
public record SendcloudUpload(
        String name,
        long size,
        String sha256,
        @JsonProperty("mime_type") String mimeType,
        @JsonProperty("file_token") String fileToken,
        String auth,
        @JsonProperty("received_at") Instant receivedAt) {
}
