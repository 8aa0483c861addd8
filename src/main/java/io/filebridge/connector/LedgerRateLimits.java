package io.filebridge.connector;

import java.time.Duration;
import java.time.Instant;

import io.filebridge.ledger.RatePermits;

/** The cluster's request budgets in the ledger ({@link RatePermits}), as the vendor callers use them. */
public final class LedgerRateLimits implements SharedRateLimits {

    private final RatePermits permits;

    public LedgerRateLimits(RatePermits permits) {
        this.permits = permits;
    }

    @Override
    public Take tryTake(String credential, int limit, Duration window) {
        RatePermits.Take take = permits.tryTake(credential, limit, window);
        return new Take(take.takenAt(), take.retryIn());
    }

    @Override
    public void restamp(String credential, Instant takenAt, Instant answeredAt) {
        permits.restamp(credential, takenAt, answeredAt);
    }
}
