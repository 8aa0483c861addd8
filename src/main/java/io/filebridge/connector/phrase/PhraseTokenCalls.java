package io.filebridge.connector.phrase;

import java.io.IOException;
import java.net.URI;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.connector.HttpAnswer;
import io.filebridge.connector.HttpCall;
import io.filebridge.connector.HttpTransport;
import io.filebridge.connector.RetryPolicy;
import io.filebridge.connector.VendorCallFailed;

/**
 * What the Phrase token sources share: a token request is sent once, no answer at all is a retryable failure like any
 * lost vendor call, and a refusal is worded like every other Phrase error.
 */
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

    /**
     * A refused token request ({@code endpoint}: "token endpoint", "login endpoint"), with Phrase's error text read
     * as {@link PhraseErrorText} reads it. The credential that was sent is masked in it, should Phrase echo it: the
     * text goes into reports and logs.
     */
    static VendorCallFailed refused(String vendor, String endpoint, HttpAnswer answer, ObjectMapper json,
            String sentCredential) {
        String error = PhraseErrorText.of(json, answer);
        if (sentCredential != null && !sentCredential.isEmpty()) {
            error = error.replace(sentCredential, "***");
        }
        return new VendorCallFailed("the " + vendor + " " + endpoint + " answered HTTP " + answer.status()
                + (error.isBlank() ? "" : ": " + error), answer.status(), error, 0,
                RetryPolicy.isRetryable(answer.status()), null);
    }
}
