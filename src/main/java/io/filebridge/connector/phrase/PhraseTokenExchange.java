package io.filebridge.connector.phrase;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.connector.AccessToken;
import io.filebridge.connector.CachedTokenAuthenticator;
import io.filebridge.connector.HttpAnswer;
import io.filebridge.connector.HttpTransport;
import io.filebridge.connector.TokenEndpoint;
import io.filebridge.connector.VendorCallFailed;

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
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("grant_type", GRANT_TYPE);
        fields.put("subject_token", apiToken);
        fields.put("subject_token_type", SUBJECT_TOKEN_TYPE);
        fields.put("requested_token_type", REQUESTED_TOKEN_TYPE);
        HttpAnswer answer = TokenEndpoint.send(vendor, transport,
                TokenEndpoint.postForm(tokenUrl, Map.of("Accept", "application/json"), fields));
        if (!answer.isSuccess()) {
            throw TokenEndpoint.refused(vendor, "token endpoint", answer, PhraseErrorText.of(json, answer), apiToken);
        }
        return TokenEndpoint.read(vendor, answer, json, clock, DEFAULT_LIFETIME);
    }

    @Override
    public String toString() {
        return "PhraseTokenExchange[" + tokenUrl + "]";
    }
}
