package io.filebridge.connector.phrase;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.filebridge.connector.AccessToken;
import io.filebridge.connector.CachedTokenAuthenticator;
import io.filebridge.connector.HttpAnswer;
import io.filebridge.connector.HttpCall;
import io.filebridge.connector.HttpTransport;
import io.filebridge.connector.TokenEndpoint;
import io.filebridge.connector.VendorCallFailed;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deprecated Phrase Language AI login, a fallback for accounts without a Platform API token:
 * {@code POST {origin}/smt/api/v1/auth/login} with {@code {"userName","password","organization":{"uid"}}}, answered
 * with {@code {"token","tokenType","expires"}}. Phrase documents {@code expires} only as a string; it is read as an
 * ISO-8601 time (with or without offset; without one it is taken as UTC). When it cannot be read, or lies in the
 * past (clock skew), the token is kept for {@link #FALLBACK_LIFETIME} only, so a wrong guess costs one more login.
 */
public final class PhraseLogin implements CachedTokenAuthenticator.TokenSource {

    private static final Logger log = LoggerFactory.getLogger(PhraseLogin.class);

    public static final String PATH = "/smt/api/v1/auth/login";

    /** Lifetime assumed when {@code expires} is missing, unreadable or already past. */
    static final Duration FALLBACK_LIFETIME = Duration.ofMinutes(10);

    /** ISO-8601 with a basic offset ({@code +0100}), which the ISO_* formatters refuse. */
    private static final DateTimeFormatter BASIC_OFFSET = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .appendOffset("+HHMM", "Z")
            .toFormatter();

    private final String vendor;
    private final URI loginUrl;
    private final String userName;
    private final String password;
    private final String organizationUid;
    private final HttpTransport transport;
    private final ObjectMapper json;
    private final Clock clock;

    public PhraseLogin(String vendor, URI loginUrl, String userName, String password, String organizationUid,
            HttpTransport transport, ObjectMapper json, Clock clock) {
        this.vendor = vendor;
        this.loginUrl = loginUrl;
        this.userName = userName;
        this.password = password;
        this.organizationUid = organizationUid;
        this.transport = transport;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public AccessToken fetch() throws VendorCallFailed {
        ObjectNode request = json.createObjectNode();
        request.put("userName", userName);
        request.put("password", password);
        request.putObject("organization").put("uid", organizationUid);
        String body = request.toString();
        HttpAnswer answer = TokenEndpoint.send(vendor, transport, HttpCall.post(loginUrl,
                Map.of("Accept", "application/json"), () -> new StringEntity(body, ContentType.APPLICATION_JSON)));
        if (!answer.isSuccess()) {
            throw TokenEndpoint.refused(vendor, "login endpoint", answer, PhraseErrorText.of(json, answer), password);
        }
        JsonNode token;
        try {
            token = json.readTree(answer.body());
        } catch (JsonProcessingException e) {
            throw new VendorCallFailed("the " + vendor + " login endpoint answered with unreadable JSON",
                    answer.status(), null, 0, false, e);
        }
        String value = token.path("token").asText("");
        if (value.isBlank()) {
            throw new VendorCallFailed("the " + vendor + " login endpoint answered without a token", answer.status(),
                    null, 0, false, null);
        }
        return new AccessToken(value, expiry(token.path("expires").asText(null)));
    }

    /** The parsed {@code expires}, or now plus the fallback lifetime when it is unusable. */
    Instant expiry(String expires) {
        Instant now = clock.instant();
        Optional<Instant> parsed = parseExpires(expires);
        if (parsed.isEmpty()) {
            log.warn("{}: the login answer's expires value '{}' is not an ISO-8601 time; keeping the token for {}",
                    vendor, expires, FALLBACK_LIFETIME);
            return now.plus(FALLBACK_LIFETIME);
        }
        if (!parsed.get().isAfter(now.plus(CachedTokenAuthenticator.REFRESH_MARGIN))) {
            log.warn("{}: the login token expires at {}, which is not in the future (clock skew?); keeping it for {}",
                    vendor, parsed.get(), FALLBACK_LIFETIME);
            return now.plus(FALLBACK_LIFETIME);
        }
        return parsed.get();
    }

    /** ISO-8601 instant, offset or zoned time, basic offset, or a local time taken as UTC. */
    static Optional<Instant> parseExpires(String expires) {
        if (expires == null || expires.isBlank()) {
            return Optional.empty();
        }
        String text = expires.strip();
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException next) {
            // try the other forms
        }
        try {
            return Optional.of(ZonedDateTime.parse(text).toInstant());
        } catch (DateTimeParseException next) {
            // try the other forms
        }
        try {
            return Optional.of(OffsetDateTime.parse(text, BASIC_OFFSET).toInstant());
        } catch (DateTimeParseException next) {
            // try the other forms
        }
        try {
            return Optional.of(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException unreadable) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "PhraseLogin[" + loginUrl + "]";
    }
}
