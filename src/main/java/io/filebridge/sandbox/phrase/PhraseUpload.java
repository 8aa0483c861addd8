package io.filebridge.sandbox.phrase;

import java.time.Instant;

/**
 * One accepted upload as listed by {@code GET /sandbox/phrase/uploads}. {@code webhook} is "none" without an
 * X-Webhook header, else "pending", "delivered HTTP <status>" or "failed: <reason>".
 */
public record PhraseUpload(
        String uid,
        String name,
        long size,
        String sha256,
        String contentType,
        String actionId,
        String auth,
        String webhookUrl,
        String webhook,
        Instant receivedAt) {
}
