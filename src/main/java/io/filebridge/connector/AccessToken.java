package io.filebridge.connector;

import java.time.Instant;

/** A bearer token and the instant after which it must not be used any more. */
public record AccessToken(String value, Instant expiresAt) {

    @Override
    public String toString() {
        return "AccessToken[expiresAt=" + expiresAt + "]";
    }
}
