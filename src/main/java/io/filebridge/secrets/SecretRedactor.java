package io.filebridge.secrets;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Masks every secret in text that leaves the process (error reports, receipts, log lines): the configured ones, and
 * the credentials filebridge sends without them being configured, above all the bearer tokens vendors issue at run
 * time. filebridge never puts secrets into such text on purpose; this is the net for a vendor that echoes a
 * credential in an error body, or for a log line that prints a request header.
 */
@Component
public class SecretRedactor {

    static final String MASK = "***";

    /**
     * How many credentials sent at run time are remembered. Each credential holds one token at a time and a token
     * lives for minutes to hours, so this keeps every live token with room to spare, while a process running for
     * months does not mask an ever-growing list on every log line. The least recently sent is forgotten first.
     */
    static final int REMEMBERED_CREDENTIALS = 256;

    /** Masks nothing and remembers nothing: for unit tests of code that takes a redactor. */
    public static final SecretRedactor NONE = new SecretRedactor(List.of(), false);

    private final List<String> configured;
    private final boolean remembers;
    /** Credentials sent at run time, least recently sent first; guarded by {@code this}. */
    private final Map<String, Boolean> sent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_CREDENTIALS;
        }
    };
    /** Configured and sent secrets, longest first (so a secret containing another is masked whole). */
    private volatile List<String> secrets;

    @Autowired
    public SecretRedactor(List<ConfiguredSecrets> settings) {
        this(settings.stream().flatMap(v -> v.secrets().stream()).toList(), true);
    }

    private SecretRedactor(List<String> configured, boolean remembers) {
        this.configured = configured.stream().filter(SecretRedactor::maskable).distinct().toList();
        this.remembers = remembers;
        this.secrets = longestFirst(this.configured.stream());
    }

    /**
     * Masks {@code secret} from now on: a credential filebridge obtained at run time (an issued token) or sends as it
     * is (a header value). Cheap when the value is already known, as it is on every request after the first.
     */
    public void remember(String secret) {
        if (!remembers || secret == null || !maskable(secret)) {
            return;
        }
        synchronized (this) {
            // a known value only moves to the end of the access order; a new one (maybe evicting the eldest) rebuilds
            if (sent.put(secret, Boolean.TRUE) == null) {
                secrets = longestFirst(Stream.concat(configured.stream(), sent.keySet().stream()));
            }
        }
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

    /** Masking "a" would shred every text. */
    private static boolean maskable(String secret) {
        return secret.length() >= 4;
    }

    private static List<String> longestFirst(Stream<String> values) {
        return values.distinct().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }
}
