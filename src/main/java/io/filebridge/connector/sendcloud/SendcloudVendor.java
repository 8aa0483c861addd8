package io.filebridge.connector.sendcloud;

import java.time.Clock;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.connector.Authenticator;
import io.filebridge.connector.CachedTokenAuthenticator;
import io.filebridge.connector.ConfiguredUploadVendor;
import io.filebridge.connector.Fingerprints;
import io.filebridge.connector.HttpAnswer;
import io.filebridge.connector.HttpCall;
import io.filebridge.connector.HttpTransport;
import io.filebridge.connector.Multipart;
import io.filebridge.connector.OAuth2ClientCredentials;
import io.filebridge.connector.StaticHeaderAuthenticator;
import io.filebridge.connector.UploadContext;
import io.filebridge.connector.VendorCallFailed;
import io.filebridge.files.SourceFile;
import org.springframework.stereotype.Component;

/** Sendcloud Support API: {@code POST {base-url}/dsf/files}, one multipart part {@code file}; 201 gives a {@code file_token}. */
@Component
public class SendcloudVendor extends ConfiguredUploadVendor<SendcloudSettings> {

    static final String ID = "sendcloud";

    private final ObjectMapper json;

    public SendcloudVendor(SendcloudSettings settings, HttpTransport transport, ObjectMapper json, Clock clock) {
        super(ID, settings, authenticator(settings, transport, json, clock));
        this.json = json;
    }

    /** OAuth2 client credentials when a client is set, else Basic with the public and secret key; none without. */
    private static Authenticator authenticator(SendcloudSettings settings, HttpTransport transport, ObjectMapper json,
            Clock clock) {
        if (settings.usesOAuth2()) {
            var tokens = new OAuth2ClientCredentials(ID, settings.getTokenUrl(), settings.getClientId(),
                    settings.getClientSecret(), "api", transport, json, clock);
            return new CachedTokenAuthenticator(tokens, clock, Fingerprints.of(settings.getClientId()));
        }
        return settings.missingCredentials().isEmpty()
                ? StaticHeaderAuthenticator.basic(settings.getPublicKey(), settings.getSecretKey()) : null;
    }

    @Override
    public HttpCall uploadCall(SourceFile file, UploadContext context) {
        return Multipart.post(settings().resolve("/dsf/files"), Map.of(), "file", file);
    }

    @Override
    public String vendorId(SourceFile file, JsonNode answer) throws VendorCallFailed {
        return requiredId(answer, "file_token", 201);
    }

    /** Sendcloud's envelope: {@code {"errors":[{"code","detail","title","status"}]}}; the details are what ops need. */
    @Override
    public String errorText(HttpAnswer answer) {
        try {
            JsonNode errors = json.readTree(answer.body()).path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                return StreamSupport.stream(errors.spliterator(), false)
                        .map(e -> (e.path("code").asText("") + ": " + e.path("detail").asText(e.path("title").asText("")))
                                .replaceFirst("^: ", ""))
                        .collect(Collectors.joining("; "));
            }
        } catch (Exception notJson) {
            // fall through: show the raw text
        }
        return answer.bodyExcerpt();
    }
}
