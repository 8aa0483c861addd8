package io.filebridge.connector;

import java.util.List;
import java.util.Map;

/** How requests to one vendor are authenticated. Implementations never log or expose the secrets they hold. */
public interface Authenticator {

    /** Headers for the next attempt; token-based implementations fetch or refresh their token here. */
    Map<String, String> headers() throws VendorCallFailed;

    /**
     * Called after a 401 answer to a request sent with {@code sentHeaders}. Returns true when a fresh attempt may
     * succeed (a cached token was dropped), false when the credentials themselves are wrong.
     */
    boolean invalidate(Map<String, String> sentHeaders);

    /** A stable identifier of the credential that is safe to show (a hash): requests are rate-limited per credential. */
    String credentialKey();

    /**
     * Credentials this authenticator sends in its own token requests, as they go on the wire (an encoded Basic pair),
     * so that they can be masked in logs before the first such request. The headers of {@link #headers()} are
     * masked by the caller anyway.
     */
    default List<String> tokenRequestCredentials() {
        return List.of();
    }
}
