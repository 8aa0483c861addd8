package io.filebridge.sandbox.phrase;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.filebridge.sandbox.phrase.PhraseEmulator.AuthKind;
import java.time.Instant;

/**
 * An upload to Connectors file storage that was answered 200; listed by {@code GET /sandbox/phrase/uploads} with the
 * JSON names shown. {@code uid} is what the receipt should carry; {@code webhook} is the X-Webhook header or null;
 * {@code answeredSha256} is what the answer claimed (differs when scripted so); {@code webhookDelivery} is "none"
 * without an X-Webhook or when the emulator does not call webhooks, else "pending", "delivered HTTP <status>" or
 * "failed: <reason>".
 */
public record PhraseUpload(
        String uid,
        @JsonProperty("name") String filename,
        long size,
        String sha256,
        String contentType,
        String actionId,
        AuthKind auth,
        @JsonIgnore String bearerToken,
        @JsonProperty("webhookUrl") String webhook,
        @JsonProperty("webhook") String webhookDelivery,
        @JsonIgnore String answeredSha256,
        @JsonProperty("receivedAt") Instant arrivedAt) {

    PhraseUpload withWebhookDelivery(String outcome) {
        return new PhraseUpload(uid, filename, size, sha256, contentType, actionId, auth, bearerToken, webhook, outcome,
                answeredSha256, arrivedAt);
    }
}
