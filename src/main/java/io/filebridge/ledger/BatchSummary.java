package io.filebridge.ledger;

import java.time.Duration;
import java.time.Instant;

/**
 * What one run of a scheduled pipeline did: the files it took from its intake and how each ended. {@code id} is null
 * until the summary is in the ledger. {@code pollError} is set when the poll itself failed (the counts then cover what
 * was taken before the failure).
 */
public record BatchSummary(Long id, String pipeline, String instanceId, Instant startedAt, Instant finishedAt,
        int seen, int uploaded, int duplicates, int failed, int skipped, String pollError) {

    public BatchSummary {
        if (seen != uploaded + duplicates + failed + skipped) {
            throw new IllegalArgumentException("seen (" + seen + ") must be uploaded + duplicates + failed + skipped ("
                    + uploaded + " + " + duplicates + " + " + failed + " + " + skipped + ")");
        }
    }

    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }

    BatchSummary withId(long newId) {
        return new BatchSummary(newId, pipeline, instanceId, startedAt, finishedAt, seen, uploaded, duplicates, failed,
                skipped, pollError);
    }
}
