package io.filebridge.connector;

/**
 * A vendor call given up before its request was sent because filebridge is stopping (it was waiting for a retry or a
 * rate-limit permit): nothing to fail a file for. The file stays in its intake and is taken again at the next start,
 * by this instance or another.
 */
public class VendorCallStopped extends VendorCallFailed {

    VendorCallStopped(String vendor, String waitingFor, int attempts, Throwable cause) {
        this("filebridge is stopping: the " + vendor + " call was given up while waiting for " + waitingFor
                + "; the file is taken again at the next start", attempts, cause);
    }

    private VendorCallStopped(String reason, int attempts, Throwable cause) {
        super(reason, null, null, attempts, true, cause);
    }

    @Override
    public VendorCallFailed afterAttempts(int attemptsMade) {
        return new VendorCallStopped(getMessage(), attemptsMade, getCause());
    }
}
