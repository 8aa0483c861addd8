package io.filebridge.connector;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Bearer-token authentication with one cached token per credential: fetched on first use, fetched again shortly before
 * it expires, and dropped once after a 401. Concurrent uploads share the token; after a 401 only the first caller
 * that still holds the rejected token drops it, so a burst of 401s causes one refresh, not a storm.
 *
 * <p>A token is handed out only through {@link #headers()}, which only {@link VendorCaller} calls, right before it
 * sends the request; VendorCaller gives every header value it sends to the
 * {@link io.filebridge.secrets.SecretRedactor}, so each issued token is masked in logs and reports from its first use,
 * and the credentials of the token request itself ({@link TokenSource#requestCredentials()}) before it is sent.
 */
public final class CachedTokenAuthenticator implements Authenticator {

    /** Fetches a new token, e.g. OAuth2 client credentials or Phrase token exchange. */
    @FunctionalInterface
    public interface TokenSource {
        AccessToken fetch() throws VendorCallFailed;

        /** See {@link Authenticator#tokenRequestCredentials()}. */
        default List<String> requestCredentials() {
            return List.of();
        }
    }

    /** Refresh this long before the expiry, so a token never expires in flight. */
    public static final Duration REFRESH_MARGIN = Duration.ofSeconds(30);

    private final TokenSource source;
    private final Clock clock;
    private final String credentialKey;
    private AccessToken current;

    public CachedTokenAuthenticator(TokenSource source, Clock clock, String credentialKey) {
        this.source = source;
        this.clock = clock;
        this.credentialKey = credentialKey;
    }

    @Override
    public synchronized Map<String, String> headers() throws VendorCallFailed {
        if (current == null || !clock.instant().isBefore(current.expiresAt().minus(REFRESH_MARGIN))) {
            current = source.fetch();
        }
        return Map.of("Authorization", "Bearer " + current.value());
    }

    @Override
    public synchronized boolean invalidate(Map<String, String> sentHeaders) {
        if (current != null && ("Bearer " + current.value()).equals(sentHeaders.get("Authorization"))) {
            current = null;
        }
        return true;
    }

    @Override
    public String credentialKey() {
        return credentialKey;
    }

    @Override
    public List<String> tokenRequestCredentials() {
        return source.requestCredentials();
    }
}
