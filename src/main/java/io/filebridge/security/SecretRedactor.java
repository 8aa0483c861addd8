package io.filebridge.security;

import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

import io.filebridge.vendor.VendorSettings;
import org.springframework.stereotype.Component;

/**
 * Masks every configured secret in text that leaves the process (error reports, receipts, log lines). filebridge never
 * puts secrets into such text on purpose; this is the net for a vendor that echoes a credential in an error body.
 */
@Component
public class SecretRedactor {

    static final String MASK = "***";

    /** Masks nothing: for unit tests of code that takes a redactor. */
    public static final SecretRedactor NONE = new SecretRedactor(List.of());

    private final List<String> secrets;

    public SecretRedactor(List<VendorSettings> vendors) {
        this.secrets = vendors.stream()
                .flatMap(v -> v.secrets().stream())
                .filter(s -> s.length() >= 4) // masking "a" would shred every text
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    /**
     * Masks every secret, also where it appears as {@code encoding} writes it (e.g. escaped inside a JSON string,
     * where a quote or backslash in a password no longer matches the raw value).
     */
    public String redact(String text, UnaryOperator<String> encoding) {
        String result = redact(text);
        if (result == null || result.isEmpty()) {
            return result;
        }
        for (String secret : secrets) {
            String encoded = encoding.apply(secret);
            if (!encoded.equals(secret)) {
                result = result.replace(encoded, MASK);
            }
        }
        return result;
    }

    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (String secret : secrets) {
            result = result.replace(secret, MASK);
        }
        return result;
    }
}
