package io.filebridge.connector;

import java.time.Duration;
import java.time.Instant;

/**
 * Request budgets kept where every instance sees them, so that a vendor's limit holds for the whole cluster: the
 * ledger's ({@code io.filebridge.ledger.RatePermits::tryTake}). {@link VendorCaller} uses it when there is a ledger,
 * else counts in memory per instance.
 */
public interface SharedRateLimits {

    /**
     * Takes a permit of {@code credential} if fewer than {@code permits} were taken within the last {@code window}:
     * when taken, the time it is stamped with; else how long until the oldest of them leaves the window.
     */
    Take tryTake(String credential, int permits, Duration window);

    /** Moves the permit stamped {@code takenAt} to {@code answeredAt}: its request reached the vendor late. */
    void restamp(String credential, Instant takenAt, Instant answeredAt);

    /** A permit taken at {@code takenAt}, or none and the time until one may be free ({@code retryIn}). */
    record Take(Instant takenAt, Duration retryIn) {
    }

    /** A limiter of one credential on these budgets. */
    default RateLimiter limiter(String credential, int permits, Duration window, Sleeper sleeper) {
        return new SharedRateLimiter(this, credential, permits, SlidingWindowRateLimiter.padded(window), sleeper);
    }
}
