package io.filebridge.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code limit} admitted requests per key within any window of the given length. A true sliding window
 * (not fixed minute buckets), so a client that bursts at a bucket edge is still caught, as a strict vendor would.
 * Rejected requests are not counted, so a client that backs off recovers once the window has moved on.
 */
public final class SlidingWindowRateLimiter {

    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> admittedByKey = new ConcurrentHashMap<>();
    private final int limit;

    public SlidingWindowRateLimiter(int limit, Duration window, Clock clock) {
        if (limit < 1 || window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("need a positive limit and window, got " + limit + " per " + window);
        }
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /** Admits and counts the request if the key has room in the window ending now. */
    public boolean tryAcquire(String key) {
        Deque<Instant> admitted = admittedByKey.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (admitted) {
            Instant now = clock.instant();
            Instant windowStart = now.minus(window);
            while (!admitted.isEmpty() && !admitted.peekFirst().isAfter(windowStart)) {
                admitted.pollFirst();
            }
            if (admitted.size() >= limit) {
                return false;
            }
            admitted.addLast(now);
            return true;
        }
    }

    public int limit() {
        return limit;
    }

    public void reset() {
        admittedByKey.clear();
    }
}
