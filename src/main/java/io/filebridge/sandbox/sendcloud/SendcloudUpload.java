package io.filebridge.sandbox.sendcloud;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;

/**
 * An upload the Sendcloud emulator answered 201; {@code fileToken} is what the receipt should carry, {@code sha256}
 * is null when the emulator records no digests. The JSON names are those of the sandbox listing
 * {@code GET /sandbox/sendcloud/uploads}.
 */
public record SendcloudUpload(
        @JsonProperty("name") String filename,
        @JsonProperty("mime_type") String contentType,
        long size,
        String sha256,
        AuthKind auth,
        @JsonProperty("received_at") Instant arrivedAt,
        @JsonProperty("file_token") String fileToken,
        @JsonProperty("completed_at") Instant completedAt) {

    /** How the upload authenticated: the account's key pair, or an OAuth2 token. */
    public enum AuthKind {
        BASIC, BEARER;

        @JsonValue
        String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
