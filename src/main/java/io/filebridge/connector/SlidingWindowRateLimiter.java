package io.filebridge.connector;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * At most {@code permits} grants within any window of the given length, counted exactly (a log of grant times), not
 * in fixed buckets: a fixed-window limiter lets twice the rate through across a bucket boundary, which a vendor that
 * counts per sliding minute answers with 429. The window is padded (2%, at least one second) because the vendor
 * counts arrivals, and one request can be held up on its way while the next is not: a busy machine, a slow network,
 * and the first request of a process, which takes a good part of a second to leave (class loading, the HTTP client's
 * first connection; 0.2-0.3 s measured on the build machine, more than the 250 ms this padding once was).
 */
public final class SlidingWindowRateLimiter implements RateLimiter {

    private final int permits;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final Deque<Long> grants = new ArrayDeque<>();

    public SlidingWindowRateLimiter(int permits, Duration window) {
        this(permits, window, System::nanoTime);
    }

    SlidingWindowRateLimiter(int permits, Duration window, LongSupplier nanoTime) {
        this(permits, padded(window).toNanos(), nanoTime);
    }

    /** The window a client counts in: the vendor's, padded (see the class comment). */
    static Duration padded(Duration window) {
        return window.plus(Duration.ofNanos(Math.max(Duration.ofSeconds(1).toNanos(), window.toNanos() / 50)));
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
    @Override
    public synchronized Permit acquire() throws InterruptedException {
        long start = nanoTime.getAsLong();
        for (long now = start; ; now = nanoTime.getAsLong()) {
            forgetOlderThanWindow(now);
            if (grants.size() < permits) {
                grants.addLast(now);
                return Permit.after(Duration.ofNanos(now - start));
            }
            long waitNanos = grants.peekFirst() + windowNanos - now;
            wait(Math.max(1, waitNanos / 1_000_000), (int) (waitNanos % 1_000_000));
        }
    }
}
