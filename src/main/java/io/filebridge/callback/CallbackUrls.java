package io.filebridge.callback;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.filebridge.connector.CallbackRegistry;
import io.filebridge.ledger.Ledger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Callback URLs for vendors that report results by webhook: {@code {filebridge.public-url}/callbacks/{vendor}/{token}}
 * with a fresh random token per file, kept (hashed) in the ledger row, so {@link CallbackController} can tell which
 * file a callback is about and refuse guessed or forged ones. Without {@code filebridge.public-url} (the default)
 * there are no callback URLs: vendors are not asked to call back.
 */
@Component
public class CallbackUrls implements CallbackRegistry {

    public static final String PATH = "/callbacks";

    /** 256 random bits: far beyond guessing, 43 URL-safe characters. */
    private static final int TOKEN_BYTES = 32;
    private static final String MASK = "***";

    private final SecureRandom random = new SecureRandom();
    private final Ledger ledger;
    private final String publicUrl;

    @Autowired
    public CallbackUrls(CallbackSettings settings, Ledger ledger) {
        this(settings.publicUrl(), ledger);
    }

    public CallbackUrls(String publicUrl, Ledger ledger) {
        this.ledger = ledger;
        this.publicUrl = normalize(publicUrl);
    }

    /** True when {@code filebridge.public-url} is set, i.e. vendors can reach filebridge. */
    public boolean enabled() {
        return publicUrl != null;
    }

    /**
     * A new callback URL for the file's ledger row, its token stored with the row; empty when no public URL is set.
     * Each call replaces the row's earlier token, so only the URL last handed to the vendor works.
     */
    @Override
    public Optional<URI> register(String vendor, long ledgerId) {
        if (!enabled()) {
            return Optional.empty();
        }
        String token = newToken();
        ledger.attachCallbackToken(ledgerId, token);
        return Optional.of(URI.create(publicUrl + PATH + "/" + vendor + "/" + token));
    }

    /**
     * A vendor's answer with the token of {@code callbackUrl} masked wherever it is echoed (Language AI echoes the
     * metadata, callbackUrl included): the token is the callback's only secret, and receipts are files anyone with
     * the target folder reads. The rest of the URL stays, so a receipt still shows where callbacks go.
     */
    public static JsonNode withoutToken(JsonNode answer, String callbackUrl) {
        String token = callbackUrl == null ? "" : callbackUrl.substring(callbackUrl.lastIndexOf('/') + 1);
        if (answer == null || token.isEmpty()) {
            return answer;
        }
        JsonNode copy = answer.deepCopy();
        mask(copy, token);
        return copy;
    }

    private static void mask(JsonNode node, String token) {
        if (node instanceof ObjectNode object) {
            for (String name : object.properties().stream().map(Map.Entry::getKey).toList()) {
                JsonNode value = object.get(name);
                if (value.isTextual()) {
                    object.put(name, value.asText().replace(token, MASK));
                } else {
                    mask(value, token);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isTextual()) {
                    array.set(i, array.get(i).asText().replace(token, MASK));
                } else {
                    mask(array.get(i), token);
                }
            }
        }
    }

    String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Blank means off; otherwise an absolute http(s) URL without query or fragment, kept without trailing slash. */
    static String normalize(String publicUrl) {
        if (publicUrl == null || publicUrl.isBlank()) {
            return null;
        }
        String value = publicUrl.strip();
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw invalid(publicUrl);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw invalid(publicUrl);
        }
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        return value;
    }

    private static IllegalStateException invalid(String publicUrl) {
        return new IllegalStateException("filebridge.public-url must be an absolute http(s) URL without query, such as"
                + " https://filebridge.example.com, not '" + publicUrl + "'");
    }
}
