package io.filebridge.ledger;

import java.time.Instant;

/**
 * One {@code fb_file} row: an input file of a pipeline and where it stands.
 *
 * @param reuploads   uploads started again after a stop interrupted an earlier one whose outcome is unknown (V8)
 * @param failedStage for a FAILED row, the stage that failed ({@link FailedStage}); null otherwise
 */
public record FileEntry(long id, String pipeline, String vendor, String fileName, String relativePath, long sizeBytes,
        String sha256, FileState state, String vendorId, int attempts, Integer lastHttpStatus, String lastError,
        Long duplicateOf, String receipt, String instanceId, Instant receivedAt, Instant updatedAt, Instant finishedAt,
        int reuploads, FailedStage failedStage) {

    /** The vendor holds the file (an upload's or a job's id is recorded), whatever happened after. */
    public boolean vendorHasIt() {
        return vendorId != null && (state == FileState.COMPLETED || state == FileState.SUBMITTED
                || failedStage == FailedStage.DELIVERY);
    }
}
