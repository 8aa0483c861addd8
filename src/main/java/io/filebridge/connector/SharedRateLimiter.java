package io.filebridge.connector;

import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One credential's limit on {@link SharedRateLimits}: tries to take a permit, and while the window is full sleeps
 * until its oldest permit leaves it (at most a second at a time, so an instance that stops sees it soon) and tries
 * again. Takers on several instances are not served in arrival order; each request still waits no longer than the
 * window's turnover needs.
 */
final class SharedRateLimiter implements RateLimiter {

    private static final Duration LONGEST_NAP = Duration.ofSeconds(1);
    private static final Duration SHORTEST_NAP = Duration.ofMillis(5);
    /**
     * Half the shortest padding of a window ({@link SlidingWindowRateLimiter#padded}): a request answered within this
     * after its permit reached the vendor within the padding, so its permit stays as it is (no ledger write).
     */
    static final Duration LATE = Duration.ofMillis(500);
    private static final Logger log = LoggerFactory.getLogger(SharedRateLimiter.class);

    private final SharedRateLimits limits;
    private final String credential;
    private final int permits;
    private final Duration window;
    private final Sleeper sleeper;

    SharedRateLimiter(SharedRateLimits limits, String credential, int permits, Duration window, Sleeper sleeper) {
        if (permits < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("need at least 1 permit in a positive window");
        }
        this.limits = limits;
        this.credential = credential;
        this.permits = permits;
        this.window = window;
        this.sleeper = sleeper;
    }

    @Override
    public Permit acquire() throws InterruptedException {
        long start = System.nanoTime();
        SharedRateLimits.Take take = limits.tryTake(credential, permits, window);
        boolean waited = take.takenAt() == null;
        while (take.takenAt() == null) {
            Duration nap = take.retryIn();
            sleeper.sleep(nap.compareTo(LONGEST_NAP) > 0 ? LONGEST_NAP
                    : nap.compareTo(SHORTEST_NAP) < 0 ? SHORTEST_NAP : nap);
            take = limits.tryTake(credential, permits, window);
        }
        Instant takenAt = take.takenAt();
        long takenNanos = System.nanoTime();
        return new Permit(waited ? Duration.ofNanos(takenNanos - start) : Duration.ZERO,
                () -> answered(takenAt, takenNanos));
    }

    /** A request answered more than {@link #LATE} after its permit counts from its answer instead. */
    private void answered(Instant takenAt, long takenNanos) {
        long tookNanos = System.nanoTime() - takenNanos;
        if (tookNanos <= LATE.toNanos()) {
            return;
        }
        try {
            limits.restamp(credential, takenAt, takenAt.plusNanos(tookNanos));
        } catch (RuntimeException e) {
            log.warn("A permit of {} could not be moved to its request's answer ({}); the window's padding is all that"
                    + " covers its late arrival", credential, e.toString());
        }
    }
}
