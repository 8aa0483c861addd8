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
    /** Gave up; see {@code last_error} and {@code failed_stage}. */
    FAILED,
    /** Same content as an earlier file of the same pipeline; not sent again. */
    DUPLICATE,
    /**
     * A stop left the row in flight and its input has not come back since (the next pickup of the same path and
     * content continues the row); the vendor may or may not have the file.
     */
    INTERRUPTED,
    /**
     * An operator asked for a retry: the failed copy was put back into the intake, and the next pickup of the same
     * path and content continues this row (see {@code Ledger.receive}).
     */
    RETRYING,
    /** An operator dismissed a FAILED or INTERRUPTED row: nobody will retry it, it no longer needs a person. */
    DISMISSED,
    /**
     * An INTERRUPTED row from before crash recovery continued rows: its input was taken again as a later row of the
     * same pipeline, path and content, which finished it.
     */
    SUPERSEDED;

    /** Rows an operator may still act on: they show in the failed list and the alerts. */
    public boolean needsAPerson() {
        return this == FAILED || this == INTERRUPTED;
    }
}
