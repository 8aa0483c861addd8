package io.filebridge.ledger;

/**
 * Which stage of a file's journey failed (stored by name in {@code fb_file.failed_stage}). It decides what a retry
 * redoes: everything for INPUT and VENDOR, only the delivery for DELIVERY, since the vendor already has the file.
 */
public enum FailedStage {
    /** Refused before anything was sent: empty, a link, a special file, a name that cannot be used. */
    INPUT,
    /** The vendor refused the file, or it could not be sent. */
    VENDOR,
    /** The vendor has the file, but its receipt or an output could not be written. */
    DELIVERY
}
