package io.filebridge.connector;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which failures are worth another attempt, and how long to wait before it. Statuses that cannot succeed on a
 * repeat (bad request, bad credentials, too large, unsupported, unprocessable) fail at once; 408, 425, 429 and 5xx
 * and lost connections are retried with exponential backoff and jitter, or after the vendor's {@code Retry-After}.
 */
public final class RetryPolicy {

    private final VendorSettings settings;
    private final Clock clock;

    public RetryPolicy(VendorSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * True for the answers a later identical request may turn into a success: 408 (timeout), 425 (too early), 429
     * (rate limited) and every 5xx. Everything else fails at once, in particular 400, 401 (after the one token
     * refresh), 403, 404, 405, 409, 410, 413, 415 and 422: the same request cannot change those answers.
     */
    public static boolean isRetryable(int status) {
        return status == 408 || status == 425 || status == 429 || status >= 500;
    }

    public boolean hasAttemptsLeft(int attemptsMade) {
        return attemptsMade < settings.getMaxAttempts();
    }

    /**
     * The wait before attempt {@code nextAttempt} (2 for the first retry), after an answer with {@code httpStatus}
     * (null: no answer came). A readable {@code Retry-After} is honoured exactly. Without one, a 429 from a vendor that
     * counts requests in a window (a client-side limit is configured) waits for that window to roll over, see
     * {@link #windowRollover()}; anything else backs off exponentially.
     */
    public Duration delayBefore(int nextAttempt, Integer httpStatus, Optional<String> retryAfterHeader) {
        Optional<Duration> asked = retryAfterHeader.flatMap(v -> RetryAfter.parse(v, clock));
        if (asked.isPresent()) {
            return asked.get();
        }
        Duration backoff = backoff(nextAttempt);
        if (httpStatus != null && httpStatus == 429 && settings.getRequestsPerMinute() > 0) {
            Duration rollover = windowRollover();
            return rollover.compareTo(backoff) > 0 ? rollover : backoff;
        }
        return backoff;
    }

    /** True when the vendor asks for a longer pause than ops allow: better a clear failure than a hidden hour-long wait. */
    public boolean exceedsMaxRetryAfter(Duration delay) {
        return delay.compareTo(settings.getMaxRetryAfter()) > 0;
    }

    /** "Equal jitter": half the exponential delay fixed, half random, so parallel clients spread out. */
    Duration backoff(int nextAttempt) {
        long initial = settings.getInitialBackoff().toMillis();
        long cap = settings.getMaxBackoff().toMillis();
        long exponential = initial << Math.min(20, Math.max(0, nextAttempt - 2));
        return equalJitter(Math.min(cap, exponential));
    }

    /**
     * Between half the rate-limit window and the whole window, capped by max-backoff. A vendor that sends no
     * {@code Retry-After} with its 429 (Sendcloud) counts per minute: backing off by seconds would spend every attempt
     * inside the same window and fail the file, while waiting this long lets the window roll over. The jitter keeps
     * the uploads that were refused together from coming back together.
     */
    Duration windowRollover() {
        long window = settings.getRateLimitWindow().toMillis();
        return Duration.ofMillis(Math.min(settings.getMaxBackoff().toMillis(), equalJitter(window).toMillis()));
    }

    private static Duration equalJitter(long millis) {
        long half = millis / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(millis - half + 1));
    }
}
