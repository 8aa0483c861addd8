package io.filebridge.intake;

/**
 * Whether the intakes may start new work right now. Consulted before a file or object is taken: while it says no,
 * inputs stay where they are and are offered again at the next poll.
 */
public interface IntakeGate {

    /** Empty when new work may start, else why not (for the log). */
    java.util.Optional<String> closedBecause();
}
