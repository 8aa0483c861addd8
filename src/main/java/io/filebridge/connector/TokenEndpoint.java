package io.filebridge.connector;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;

/**
 * What every token source shares (OAuth2 client credentials, Phrase's token exchange and login): a token request is
 * sent once, no answer at all is a retryable failure like any lost vendor call, a refusal is worded like every vendor
 * error with the sent credential masked, and an OAuth2-shaped answer ({@code access_token}, {@code expires_in}) is
 * read the same way for every vendor.
 */
public final class TokenEndpoint {

    private TokenEndpoint() {
    }

    /** An OAuth2 token request: the fields as a form body, in the given order. */
    public static HttpCall postForm(URI url, Map<String, String> headers, Map<String, String> fields) {
        String form = fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HttpCall.post(url, headers, () -> new StringEntity(form, ContentType.APPLICATION_FORM_URLENCODED));
    }

    /** Sends a token request once; {@code call}'s URL names the endpoint in the failure. */
    public static HttpAnswer send(String vendor, HttpTransport transport, HttpCall call) throws VendorCallFailed {
        try {
            return transport.send(call);
        } catch (IOException e) {
            throw new VendorCallFailed("no answer from the " + vendor + " token endpoint " + call.uri() + " ("
                    + e.getClass().getSimpleName() + ")", null, null, 0, true, e);
        }
    }

    /**
     * A refused token request ({@code endpoint}: "token endpoint", "login endpoint") with the vendor's error text.
     * The credential that was sent is masked in it, should the vendor echo it: the text goes into reports and logs.
     */
    public static VendorCallFailed refused(String vendor, String endpoint, HttpAnswer answer, String errorText,
            String sentCredential) {
        String error = errorText;
        if (sentCredential != null && !sentCredential.isEmpty()) {
            error = error.replace(sentCredential, "***");
        }
        return new VendorCallFailed("the " + vendor + " " + endpoint + " answered HTTP " + answer.status()
                + (error.isBlank() ? "" : ": " + error), answer.status(), error, 0,
                RetryPolicy.isRetryable(answer.status()), null);
    }

    /** The token of an OAuth2-shaped answer, living {@code defaultLifetime} when it does not say how long. */
    public static AccessToken read(String vendor, HttpAnswer answer, ObjectMapper json, Clock clock,
            Duration defaultLifetime) throws VendorCallFailed {
        if (!answer.isSuccess()) {
            String error = answer.body().length() > 300 ? answer.body().substring(0, 300) : answer.body();
            throw refused(vendor, "token endpoint", answer, error, null);
        }
        try {
            JsonNode body = json.readTree(answer.body());
            String token = body.path("access_token").asText("");
            if (token.isBlank()) {
                throw new VendorCallFailed("the " + vendor + " token endpoint answered without an access_token",
                        answer.status(), null, 0, false, null);
            }
            long seconds = body.path("expires_in").asLong(0);
            Duration lifetime = seconds > 0 ? Duration.ofSeconds(seconds) : defaultLifetime;
            return new AccessToken(token, clock.instant().plus(lifetime));
        } catch (JsonProcessingException e) {
            throw new VendorCallFailed("the " + vendor + " token endpoint answered with unreadable JSON",
                    answer.status(), null, 0, false, e);
        }
    }
}
