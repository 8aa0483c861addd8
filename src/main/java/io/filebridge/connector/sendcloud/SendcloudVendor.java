package io.filebridge.connector.sendcloud;

import java.time.Clock;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.connector.Authenticator;
import io.filebridge.connector.CachedTokenAuthenticator;
import io.filebridge.connector.Fingerprints;
import io.filebridge.connector.HttpAnswer;
import io.filebridge.connector.HttpCall;
import io.filebridge.connector.HttpTransport;
import io.filebridge.connector.Multipart;
import io.filebridge.connector.OAuth2ClientCredentials;
import io.filebridge.connector.StaticHeaderAuthenticator;
import io.filebridge.connector.UploadContext;
import io.filebridge.connector.UploadVendor;
import io.filebridge.connector.VendorCallFailed;
import io.filebridge.files.SourceFile;
import org.springframework.stereotype.Component;

/** Sendcloud Support API: {@code POST {base-url}/dsf/files}, one multipart part {@code file}; 201 gives a {@code file_token}. */
@Component
public class SendcloudVendor implements UploadVendor {

    private final SendcloudSettings settings;
    private final Authenticator authenticator;
    private final ObjectMapper json;

    public SendcloudVendor(SendcloudSettings settings, HttpTransport transport, ObjectMapper json, Clock clock) {
        this.settings = settings;
        this.json = json;
        if (settings.usesOAuth2()) {
            var tokens = new OAuth2ClientCredentials(id(), settings.getTokenUrl(), settings.getClientId(),
                    settings.getClientSecret(), "api", transport, json, clock);
            this.authenticator = new CachedTokenAuthenticator(tokens, clock, Fingerprints.of(settings.getClientId()));
        } else if (settings.missingCredentials().isEmpty()) {
            this.authenticator = StaticHeaderAuthenticator.basic(settings.getPublicKey(), settings.getSecretKey());
        } else {
            this.authenticator = null; // the pipeline validator keeps routes of an unconfigured vendor from starting
        }
    }

    @Override
    public String id() {
        return "sendcloud";
    }

    @Override
    public SendcloudSettings settings() {
        return settings;
    }

    @Override
    public Authenticator authenticator() {
        return settings.requireCredentials(authenticator);
    }

    @Override
    public HttpCall uploadCall(SourceFile file, UploadContext context) {
        return Multipart.post(settings.resolve("/dsf/files"), Map.of(), "file", file);
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
