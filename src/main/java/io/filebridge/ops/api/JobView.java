package io.filebridge.ops.api;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A job (one input file of a pipeline, one fb_file row) as the /api contract shows it. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record JobView(long id, String pipeline, String vendor, String fileName, String relativePath, long sizeBytes,
        String sha256, String state, String vendorId, int attempts, Integer lastHttpStatus, String lastError,
        Instant receivedAt, Instant updatedAt, Instant finishedAt, boolean retryable) {
}
