package io.filebridge.connector.phrase;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.connector.AccessToken;
import io.filebridge.connector.CachedTokenAuthenticator;
import io.filebridge.connector.HttpCall;
import io.filebridge.connector.HttpTransport;
import io.filebridge.connector.TokenAnswers;
import io.filebridge.connector.VendorCallFailed;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;

/**
 * Phrase Platform token exchange (RFC 8693): a Platform API token is exchanged at {@code {origin}/idm/oauth/token}
 * for a JWT that every Phrase API accepts as {@code Authorization: Bearer}. The answer is OAuth2-shaped
 * ({@code access_token}, {@code expires_in}, about 4 hours). Used with {@link CachedTokenAuthenticator}, which caches
 * the JWT until shortly before it expires and fetches a new one once after a 401.
 */
public final class PhraseTokenExchange implements CachedTokenAuthenticator.TokenSource {

    public static final String PATH = "/idm/oauth/token";
    public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
    public static final String SUBJECT_TOKEN_TYPE = "urn:phrase:params:oauth:token-type:api_token";
    public static final String REQUESTED_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

    /** Phrase's own client assumes 10 minutes when {@code expires_in} is missing; so do we. */
    static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(10);

    private final String vendor;
    private final URI tokenUrl;
    private final String apiToken;
    private final HttpTransport transport;
    private final ObjectMapper json;
    private final Clock clock;

    public PhraseTokenExchange(String vendor, URI tokenUrl, String apiToken, HttpTransport transport,
            ObjectMapper json, Clock clock) {
        this.vendor = vendor;
        this.tokenUrl = tokenUrl;
        this.apiToken = apiToken;
        this.transport = transport;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public AccessToken fetch() throws VendorCallFailed {
        // The two optional type fields are sent with the documented values: they make the request unambiguous and
        // "other fields from the specification are not supported", so nothing else is sent.
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", GRANT_TYPE);
        form.put("subject_token", apiToken);
        form.put("subject_token_type", SUBJECT_TOKEN_TYPE);
        form.put("requested_token_type", REQUESTED_TOKEN_TYPE);
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        var answer = PhraseTokenCalls.send(vendor, transport, tokenUrl, HttpCall.post(tokenUrl,
                Map.of("Accept", "application/json"),
                () -> new StringEntity(body, ContentType.APPLICATION_FORM_URLENCODED)));
        if (!answer.isSuccess()) {
            throw PhraseTokenCalls.refused(vendor, "token endpoint", answer, json, apiToken);
        }
        return TokenAnswers.read(vendor, answer, json, clock, DEFAULT_LIFETIME);
    }

    @Override
    public String toString() {
        return "PhraseTokenExchange[" + tokenUrl + "]";
    }
}
