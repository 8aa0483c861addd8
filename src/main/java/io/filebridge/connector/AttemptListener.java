package io.filebridge.connector;

import java.time.Duration;

/** Hears what happens while a request is retried, for the ledger's timeline (and later for metrics). */
public interface AttemptListener {

    AttemptListener NONE = new AttemptListener() {
    };

    /** One attempt ended; {@code httpStatus} is null when no answer came. */
    default void attempted(int attempt, Integer httpStatus, String detail) {
    }

    /** The caller waits {@code delay} before the next attempt. */
    default void backingOff(int nextAttempt, Duration delay) {
    }

    /** The caller waited {@code waited} for a rate-limit permit. */
    default void rateLimited(Duration waited) {
    }
}
