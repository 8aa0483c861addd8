package io.filebridge.ledger;

import java.time.Instant;

/** One S3 object of one pipeline as the ledger knows it: who claimed it, until when, and how it ended. */
public record S3ObjectEntry(long id, String pipeline, String bucket, String key, String etag, String outcome,
        String instanceId, Instant claimedAt, Instant leaseUntil, Instant finishedAt, Long fileId, int repeats,
        String detail) {

    public boolean done() {
        return S3Objects.DONE.equals(outcome);
    }
}
