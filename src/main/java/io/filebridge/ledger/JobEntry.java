package io.filebridge.ledger;

import java.time.Instant;

/**
 * An asynchronous vendor job, one per submitted input file ({@code fileId} is its fb_file row): the vendor's job id,
 * the spooled original (kept until the job ends so it can be resubmitted), what was ordered ({@code spec}, JSON), and
 * when tracking looks at it next.
 */
public record JobEntry(long fileId, String vendorJobId, String spoolPath, String spec, Instant submittedAt,
        Instant nextPollAt, int polls) {
}
