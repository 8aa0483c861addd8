package io.filebridge.connector;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** Credentials sent as fixed headers on every request: HTTP Basic, a bearer API key, an {@code x-api-key}. */
public final class StaticHeaderAuthenticator implements Authenticator {

    private final Map<String, String> headers;
    private final String credentialKey;

    public StaticHeaderAuthenticator(Map<String, String> headers) {
        this.headers = Map.copyOf(headers);
        this.credentialKey = Fingerprints.of(String.join("\n", new java.util.TreeMap<>(headers).values()));
    }

    public static StaticHeaderAuthenticator basic(String user, String password) {
        String pair = user + ":" + password;
        return new StaticHeaderAuthenticator(Map.of("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8))));
    }

    public static StaticHeaderAuthenticator bearer(String token) {
        return new StaticHeaderAuthenticator(Map.of("Authorization", "Bearer " + token));
    }

    @Override
    public Map<String, String> headers() {
        return headers;
    }

    @Override
    public boolean invalidate(Map<String, String> sentHeaders) {
        return false;
    }

    @Override
    public String credentialKey() {
        return credentialKey;
    }
}
