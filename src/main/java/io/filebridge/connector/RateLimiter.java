package io.filebridge.connector;

import java.time.Duration;

/** A credential's budget of vendor requests: a request takes a permit first, waiting while there is none. */
public interface RateLimiter {

    /** Blocks until a permit is free and takes it. */
    Permit acquire() throws InterruptedException;

    /**
     * A permit taken.
     *
     * @param waited   how long its taker waited, zero when it was free at once (so that metrics and the ledger hear
     *                 of real waits only)
     * @param answered to be called when the request's answer came (or it failed): the limiter may count the request
     *                 from then on, when it had certainly reached the vendor
     */
    record Permit(Duration waited, Runnable answered) {

        static Permit after(Duration waited) {
            return new Permit(waited, () -> { });
        }
    }
}
