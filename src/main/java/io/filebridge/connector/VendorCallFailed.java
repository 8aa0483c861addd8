package io.filebridge.connector;

/**
 * A vendor request that did not succeed, with everything an error report needs. {@code httpStatus} is null when no
 * answer came (connection refused or dropped, timeout, token endpoint unreachable).
 */
public class VendorCallFailed extends Exception {

    private final Integer httpStatus;
    private final String vendorMessage;
    private final int attempts;
    private final boolean retryable;

    public VendorCallFailed(String reason, Integer httpStatus, String vendorMessage, int attempts, boolean retryable,
            Throwable cause) {
        super(reason, cause);
        this.httpStatus = httpStatus;
        this.vendorMessage = vendorMessage;
        this.attempts = attempts;
        this.retryable = retryable;
    }

    public Integer httpStatus() { return httpStatus; }
    public String vendorMessage() { return vendorMessage; }
    public int attempts() { return attempts; }
    /** True when the same request might succeed later (the vendor was busy or unreachable). */
    public boolean retryable() { return retryable; }

    /** The same failure, stamped with the attempts made so far. */
    public VendorCallFailed afterAttempts(int attemptsMade) {
        return new VendorCallFailed(getMessage(), httpStatus, vendorMessage, attemptsMade, retryable, getCause());
    }
}
