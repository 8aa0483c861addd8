package io.filebridge.ops.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Compares the operator password in constant time. The password comes from the environment in clear text, so a
 * slow hash would only cost CPU on every Basic-auth request (the status page polls), not add protection; comparing
 * SHA-256 digests with {@link MessageDigest#isEqual} keeps the time independent of where the texts differ.
 */
final class ConstantTimePasswordEncoder implements PasswordEncoder {

    @Override
    public String encode(CharSequence raw) {
        return raw.toString();
    }

    @Override
    public boolean matches(CharSequence raw, String encoded) {
        return raw != null && encoded != null && MessageDigest.isEqual(sha256(raw.toString()), sha256(encoded));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
