package io.filebridge.connector;

/**
 * Hears every call {@link VendorCaller} runs, for every vendor and pipeline, so that health (last outcome per vendor)
 * and metrics (answers by status, retries, rate-limit waits) watch the one place all vendor traffic goes through.
 * Implementations must be cheap and must not throw: they run on the calling thread, inside the upload.
 */
public interface VendorCallObserver {

    /** A call to {@code vendor} starts; the returned listener hears its attempts, retries and rate-limit waits. */
    AttemptListener observe(String vendor);

    /**
     * As {@link #observe(String)}, naming the credential the call counts against ({@link Fingerprints}, never the
     * credential itself): its rate limit is the one the waits are for.
     */
    default AttemptListener observe(String vendor, String credential) {
        return observe(vendor);
    }
}
