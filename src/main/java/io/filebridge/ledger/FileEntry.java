package io.filebridge.ledger;

import java.time.Instant;

/** One {@code fb_file} row: an input file of a pipeline and where it stands. */
public record FileEntry(long id, String pipeline, String vendor, String fileName, String relativePath, long sizeBytes,
        String sha256, FileState state, String vendorId, int attempts, Integer lastHttpStatus, String lastError,
        Long duplicateOf, String receipt, String instanceId, Instant receivedAt, Instant updatedAt, Instant finishedAt) {
}
