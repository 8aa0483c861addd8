package io.filebridge.connector;

import java.time.Duration;
import java.util.Optional;

/**
 * One credential's limit on {@link SharedRateLimits}: tries to take a permit, and while the window is full sleeps
 * until its oldest permit leaves it (at most a second at a time, so an instance that stops sees it soon) and tries
 * again. Takers on several instances are not served in arrival order; each request still waits no longer than the
 * window's turnover needs.
 */
final class SharedRateLimiter implements RateLimiter {

    private static final Duration LONGEST_NAP = Duration.ofSeconds(1);
    private static final Duration SHORTEST_NAP = Duration.ofMillis(5);

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
    public Duration acquire() throws InterruptedException {
        long start = System.nanoTime();
        Optional<Duration> wait = limits.tryTake(credential, permits, window);
        if (wait.isEmpty()) {
            return Duration.ZERO;
        }
        do {
            Duration nap = wait.get();
            sleeper.sleep(nap.compareTo(LONGEST_NAP) > 0 ? LONGEST_NAP
                    : nap.compareTo(SHORTEST_NAP) < 0 ? SHORTEST_NAP : nap);
        } while ((wait = limits.tryTake(credential, permits, window)).isPresent());
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
