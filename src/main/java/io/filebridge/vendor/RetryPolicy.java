package io.filebridge.vendor;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which failures are worth another attempt, and how long to wait before it. Statuses that cannot succeed on a
 * repeat (bad request, bad credentials, too large, unsupported, unprocessable) fail at once; 408, 429 and 5xx and
 * lost connections are retried with exponential backoff and jitter, or after the vendor's {@code Retry-After}.
 */
public final class RetryPolicy {

    /** Answers that a second identical request cannot change. */
    static final Set<Integer> NEVER_RETRY = Set.of(400, 401, 403, 404, 405, 409, 410, 413, 415, 422);

    private final VendorSettings settings;
    private final Clock clock;

    public RetryPolicy(VendorSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public static boolean isRetryable(int status) {
        return status == 408 || status == 425 || status == 429 || status >= 500;
    }

    public boolean hasAttemptsLeft(int attemptsMade) {
        return attemptsMade < settings.getMaxAttempts();
    }

    /** The wait before attempt {@code nextAttempt} (2 for the first retry). */
    public Duration delayBefore(int nextAttempt, Optional<String> retryAfterHeader) {
        Optional<Duration> asked = retryAfterHeader.flatMap(v -> RetryAfter.parse(v, clock));
        return asked.orElseGet(() -> backoff(nextAttempt));
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
        long base = Math.min(cap, exponential);
        long half = base / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }
}
