package io.filebridge.sandbox.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.filebridge.connector.SlidingWindowRateLimiter;

/**
 * A vendor's server-side limit as an emulator enforces it: at most {@code limit} admitted requests per key (a
 * credential) within any sliding window, counted exactly (the product's limiter without the client's padding).
 * Rejected requests are not counted, so a client that backs off recovers once the window has moved on.
 */
public final class PerKeyRateLimit {

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Map<String, SlidingWindowRateLimiter> byKey = new ConcurrentHashMap<>();

    public PerKeyRateLimit(int limit, Duration window, Clock clock) {
        if (limit < 1 || window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("need a positive limit and window, got " + limit + " per " + window);
        }
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /** Admits and counts the request if the key has room in the window ending now. */
    public boolean tryAcquire(String key) {
        return byKey.computeIfAbsent(key, k -> SlidingWindowRateLimiter.exact(limit, window, this::nanos)).tryAcquire();
    }

    public int limit() {
        return limit;
    }

    public void reset() {
        byKey.clear();
    }

    private long nanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
