package io.filebridge.connector;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * At most {@code permits} grants within any window of the given length, counted exactly (a log of grant times), not
 * in fixed buckets: a fixed-window limiter lets twice the rate through across a bucket boundary, which a vendor that
 * counts per sliding minute answers with 429. The window is padded (2%, at least 250 ms) because the vendor counts
 * arrivals, and one request can be held up on its way (a busy machine, a slow network) while the next is not.
 */
public final class SlidingWindowRateLimiter {

    private final int permits;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final Deque<Long> grants = new ArrayDeque<>();

    public SlidingWindowRateLimiter(int permits, Duration window) {
        this(permits, window, System::nanoTime);
    }

    SlidingWindowRateLimiter(int permits, Duration window, LongSupplier nanoTime) {
        this(permits, window.toNanos() + Math.max(Duration.ofMillis(250).toNanos(), window.toNanos() / 50), nanoTime);
    }

    private SlidingWindowRateLimiter(int permits, long windowNanos, LongSupplier nanoTime) {
        if (permits < 1 || windowNanos <= 0) {
            throw new IllegalArgumentException("need at least 1 permit in a positive window");
        }
        this.permits = permits;
        this.windowNanos = windowNanos;
        this.nanoTime = nanoTime;
    }

    /**
     * A limiter without the client's padding, counting exactly like a vendor's server does; used by the sandbox
     * emulators to answer 429 as the real vendor would.
     */
    public static SlidingWindowRateLimiter exact(int permits, Duration window, LongSupplier nanoTime) {
        return new SlidingWindowRateLimiter(permits, window.toNanos(), nanoTime);
    }

    /** Takes a grant if one is free now, without waiting; a refused call is not counted. */
    public synchronized boolean tryAcquire() {
        long now = nanoTime.getAsLong();
        forgetOlderThanWindow(now);
        if (grants.size() < permits) {
            grants.addLast(now);
            return true;
        }
        return false;
    }

    private void forgetOlderThanWindow(long now) {
        while (!grants.isEmpty() && now - grants.peekFirst() >= windowNanos) {
            grants.pollFirst();
        }
    }

    /**
     * Blocks until a grant is free and takes it; returns how long the caller waited, zero when a grant was free at
     * once (so that metrics and the ledger hear of real waits only).
     */
    public synchronized Duration acquire() throws InterruptedException {
        long start = nanoTime.getAsLong();
        for (long now = start; ; now = nanoTime.getAsLong()) {
            forgetOlderThanWindow(now);
            if (grants.size() < permits) {
                grants.addLast(now);
                return Duration.ofNanos(now - start);
            }
            long waitNanos = grants.peekFirst() + windowNanos - now;
            wait(Math.max(1, waitNanos / 1_000_000), (int) (waitNanos % 1_000_000));
        }
    }
}
