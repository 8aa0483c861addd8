package io.filebridge.connector;

import java.io.IOException;
import java.util.function.UnaryOperator;

/**
 * An attempt cut off by a timeout, with a reason that says which one and how far the attempt got ("no answer from
 * sendcloud within 5 min", "sendcloud stopped reading the request: ..."). The transport does not know the vendor's
 * name, so the reason is completed by whoever does; the plain message says "the vendor". Retried like any attempt
 * that got no answer.
 */
public class AttemptTimedOut extends IOException {

    private final transient UnaryOperator<String> reason;

    AttemptTimedOut(UnaryOperator<String> reason, Throwable cause) {
        super(reason.apply("the vendor"), cause);
        this.reason = reason;
    }

    /** The reason, naming the vendor. */
    public String reason(String vendor) {
        return reason.apply(vendor);
    }
}
