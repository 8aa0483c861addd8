package io.filebridge.connector;

import java.time.Duration;
import java.util.Optional;

/**
 * Request budgets kept where every instance sees them, so that a vendor's limit holds for the whole cluster: the
 * ledger's ({@code io.filebridge.ledger.RatePermits::tryTake}). {@link VendorCaller} uses it when there is a ledger,
 * else counts in memory per instance.
 */
@FunctionalInterface
public interface SharedRateLimits {

    /**
     * Takes a permit of {@code credential} if fewer than {@code permits} were taken within the last {@code window};
     * returns empty when taken, else how long until the oldest of them leaves the window.
     */
    Optional<Duration> tryTake(String credential, int permits, Duration window);

    /** A limiter of one credential on these budgets. */
    default RateLimiter limiter(String credential, int permits, Duration window, Sleeper sleeper) {
        return new SharedRateLimiter(this, credential, permits, SlidingWindowRateLimiter.padded(window), sleeper);
    }
}
