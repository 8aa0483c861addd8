package io.filebridge.sandbox;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Bearer tokens an emulator handed out, each tied to the client it was issued to and valid until it expires. */
public final class IssuedTokens {

    private static final int TOKEN_BYTES = 32;

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();

    public IssuedTokens(Clock clock) {
        this.clock = clock;
    }

    public String issue(String prefix, String clientId, Duration lifetime) {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        String token = prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        grants.put(token, new Grant(clientId, clock.instant().plus(lifetime)));
        return token;
    }

    /** The client the token was issued to, unless the token is unknown or expired. */
    public Optional<String> clientOf(String token) {
        Grant grant = grants.get(token);
        if (grant == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(grant.expiresAt())) {
            grants.remove(token);
            return Optional.empty();
        }
        return Optional.of(grant.clientId());
    }

    public void reset() {
        grants.clear();
    }

    private record Grant(String clientId, Instant expiresAt) {
    }
}
