package io.filebridge.connector;

import java.time.Clock;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads OAuth2-style token answers ({@code access_token}, {@code expires_in}) the same way for every vendor. */
public final class TokenAnswers {

    private TokenAnswers() {
    }

    public static AccessToken read(String vendor, HttpAnswer answer, ObjectMapper json, Clock clock,
            Duration defaultLifetime) throws VendorCallFailed {
        if (!answer.isSuccess()) {
            String error = answer.body().length() > 300 ? answer.body().substring(0, 300) : answer.body();
            throw new VendorCallFailed("the " + vendor + " token endpoint answered HTTP " + answer.status()
                    + (error.isBlank() ? "" : ": " + error), answer.status(), error, 0,
                    RetryPolicy.isRetryable(answer.status()), null);
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
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new VendorCallFailed("the " + vendor + " token endpoint answered with unreadable JSON",
                    answer.status(), null, 0, false, e);
        }
    }
}
