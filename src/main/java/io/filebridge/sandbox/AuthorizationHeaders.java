package io.filebridge.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/** Parses {@code Authorization} headers; schemes are case-insensitive (RFC 9110 section 11.1). */
public final class AuthorizationHeaders {

    private AuthorizationHeaders() {
    }

    public record BasicCredentials(String user, String password) {

        /** Compares in constant time, so an emulator does not teach timing attacks by example. */
        public boolean matches(String expectedUser, String expectedPassword) {
            return constantTimeEquals(user, expectedUser) & constantTimeEquals(password, expectedPassword);
        }

        @Override
        public String toString() {
            return "BasicCredentials[user=" + user + ", password=***]";
        }
    }

    public static Optional<BasicCredentials> basic(String header) {
        return credentials(header, "Basic").flatMap(AuthorizationHeaders::decodeBasic);
    }

    public static Optional<String> bearer(String header) {
        return credentials(header, "Bearer");
    }

    private static Optional<String> credentials(String header, String scheme) {
        if (header == null || header.length() <= scheme.length()
                || !header.regionMatches(true, 0, scheme, 0, scheme.length())
                || header.charAt(scheme.length()) != ' ') {
            return Optional.empty();
        }
        String value = header.substring(scheme.length() + 1).trim();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private static Optional<BasicCredentials> decodeBasic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        return Optional.of(new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }

    /** True when a presented secret (bearer token, API key) equals the expected one; null never matches. */
    public static boolean secretMatches(String presented, String expected) {
        return presented != null && expected != null && constantTimeEquals(presented, expected);
    }

    private static boolean constantTimeEquals(String actual, String expected) {
        return MessageDigest.isEqual(actual.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
