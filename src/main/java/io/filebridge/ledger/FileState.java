package io.filebridge.ledger;

/**
 * Where an input file is in its pipeline. Stored by name in {@code fb_file.state} (varchar 20), so names must stay
 * short and must never be renamed once rows carry them.
 */
public enum FileState {
    /** Recorded on pickup; not yet sent. */
    RECEIVED,
    /** Being sent to the vendor. */
    UPLOADING,
    /** Accepted by the vendor, result not final yet (asynchronous vendors). */
    SUBMITTED,
    /** Done; the vendor's id and receipt are stored. */
    COMPLETED,
    /** Gave up; see {@code last_error}. */
    FAILED,
    /** Same content as an earlier file of the same pipeline; not sent again. */
    DUPLICATE,
    /** The instance stopped while the file was in flight; the vendor may or may not have it. */
    INTERRUPTED,
    /**
     * An operator asked for a retry: the failed copy was put back into the intake, and the next pickup of the same
     * path and content continues this row (see {@code Ledger.receive}).
     */
    RETRYING
}
