package io.filebridge.vendor.phrase;

import java.io.IOException;
import java.net.URI;

import io.filebridge.vendor.HttpAnswer;
import io.filebridge.vendor.HttpCall;
import io.filebridge.vendor.HttpTransport;
import io.filebridge.vendor.VendorCallFailed;

/** Sends a token request once; no answer at all is a retryable failure, like any lost vendor call. */
final class PhraseTokenCalls {

    private PhraseTokenCalls() {
    }

    static HttpAnswer send(String vendor, HttpTransport transport, URI url, HttpCall call) throws VendorCallFailed {
        try {
            return transport.send(call);
        } catch (IOException e) {
            throw new VendorCallFailed("no answer from the " + vendor + " token endpoint " + url + " ("
                    + e.getClass().getSimpleName() + ")", null, null, 0, true, e);
        }
    }
}
