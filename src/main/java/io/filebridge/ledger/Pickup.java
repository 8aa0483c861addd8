package io.filebridge.ledger;

import java.util.Optional;

/**
 * A file taken from its intake, as the ledger sees it: a new row, or the continuation of a row an operator's retry
 * or a stop left behind ({@link Ledger#receive}).
 *
 * @param twin the earlier row of the same content when the pickup recorded this one as its duplicate, else null
 */
public record Pickup(FileEntry entry, Continuation continuation, FileEntry twin) {

    /** What the pickup continues, which decides what the vendor step does with the file. */
    public enum Continuation {
        /** A new row: the file goes through the whole step. */
        NEW,
        /** The row an operator retried, or one a stop interrupted: the whole step runs again on the same row. */
        RESUMED,
        /**
         * The vendor already has the file (the row is COMPLETED or SUBMITTED, or failed only at its delivery): nothing
         * is sent; the step hands on the recorded receipt, so only what came after the upload is done again.
         */
        FINISH
    }

    public Optional<FileEntry> duplicateOf() {
        return Optional.ofNullable(twin);
    }

    public long id() {
        return entry.id();
    }
}
