package io.filebridge.pipeline;

import java.time.Duration;

/**
 * Hears every file outcome {@link OutcomeLog} writes, so that metrics count exactly what the outcome lines say
 * instead of counters sprinkled over the steps. Implementations must be cheap and must not throw.
 */
public interface OutcomeListener {

    /** How a file's way through its pipeline ended. */
    enum Result { COMPLETED, DUPLICATE, FAILED }

    /** A file entered a vendor step (before it is read: an unreadable file is received, then failed). */
    default void received(String pipeline, String vendor) {
    }

    /** The vendor accepted the file (an upload, or a translation submission); {@code took} is the vendor call. */
    default void uploaded(String pipeline, String vendor, long bytes, Duration took) {
    }

    /**
     * An input was refused before any step took it ({@code reason}: link, special, name), without being opened; the
     * {@link #finished} FAILED that follows counts it among the failed files.
     */
    default void refused(String pipeline, String vendor, String reason) {
    }

    /** The file's end: {@code took} runs from the step taking the file to this outcome. */
    default void finished(String pipeline, String vendor, Result result, Duration took) {
    }
}
