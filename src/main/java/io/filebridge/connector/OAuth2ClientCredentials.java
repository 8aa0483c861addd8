package io.filebridge.connector;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * OAuth2 client-credentials grant (RFC 6749 §4.4): client id and secret in HTTP Basic, {@code grant_type} and
 * {@code scope} in a form body. Used with {@link CachedTokenAuthenticator}.
 */
public final class OAuth2ClientCredentials implements CachedTokenAuthenticator.TokenSource {

    /** When a token endpoint omits expires_in, assume a short life rather than forever. */
    static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(10);

    private final String vendor;
    private final URI tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final String scope;
    private final HttpTransport transport;
    private final ObjectMapper json;
    private final Clock clock;

    public OAuth2ClientCredentials(String vendor, URI tokenUrl, String clientId, String clientSecret, String scope,
            HttpTransport transport, ObjectMapper json, Clock clock) {
        this.vendor = vendor;
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scope = scope;
        this.transport = transport;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public AccessToken fetch() throws VendorCallFailed {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("grant_type", "client_credentials");
        if (scope != null && !scope.isBlank()) {
            fields.put("scope", scope);
        }
        Map<String, String> headers = Map.of("Accept", "application/json", "Authorization", clientAuthorization());
        HttpAnswer answer = TokenEndpoint.send(vendor, transport, TokenEndpoint.postForm(tokenUrl, headers, fields));
        return TokenEndpoint.read(vendor, answer, json, clock, DEFAULT_LIFETIME);
    }

    /** The encoded client id and secret: the raw secret is masked as configured, this form is not. */
    @Override
    public List<String> requestCredentials() {
        return List.of(clientAuthorization().substring("Basic ".length()));
    }

    private String clientAuthorization() {
        return StaticHeaderAuthenticator.basic(clientId, clientSecret).headers().get("Authorization");
    }
}
