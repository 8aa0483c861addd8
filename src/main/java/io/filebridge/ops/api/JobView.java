package io.filebridge.ops.api;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A job (one input file of a pipeline, one fb_file row) as the /api contract shows it.
 *
 * @param failedStage for a FAILED job: INPUT, VENDOR or DELIVERY (the vendor has the file; a retry redoes only the
 *                    delivery); null otherwise
 * @param reuploads   uploads started again after a stop interrupted an earlier one: the vendor may hold that many
 *                    extra copies
 * @param dismissable FAILED or INTERRUPTED: an operator may dismiss it (POST /api/jobs/{id}/dismiss)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record JobView(long id, String pipeline, String vendor, String fileName, String relativePath, long sizeBytes,
        String sha256, String state, String vendorId, int attempts, Integer lastHttpStatus, String lastError,
        Instant receivedAt, Instant updatedAt, Instant finishedAt, boolean retryable, String failedStage,
        int reuploads, boolean dismissable) {
}
