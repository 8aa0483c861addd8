package io.filebridge.connector;

import java.time.Duration;

/** A credential's budget of vendor requests: a request takes a permit first, waiting while there is none. */
public interface RateLimiter {

    /**
     * Blocks until a permit is free and takes it; returns how long the caller waited, zero when one was free at once
     * (so that metrics and the ledger hear of real waits only).
     */
    Duration acquire() throws InterruptedException;
}
