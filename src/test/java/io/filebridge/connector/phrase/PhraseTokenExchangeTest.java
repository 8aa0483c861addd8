package io.filebridge.connector.phrase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.connector.AccessToken;
import io.filebridge.connector.CachedTokenAuthenticator;
import io.filebridge.connector.VendorCallFailed;
import org.junit.jupiter.api.Test;

/** The Platform API token exchange as a token source: the request Phrase documents, and how its answer is read. */
class PhraseTokenExchangeTest {

    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final URI TOKEN_URL = URI.create("https://eu.phrase.com/idm/oauth/token");

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final RecordingTransport transport = new RecordingTransport();
    private final PhraseTokenExchange exchange = new PhraseTokenExchange("phrase", TOKEN_URL, "api+token/with=chars",
            transport, new ObjectMapper(), clock);

    @Test
    void postsTheDocumentedFormAndReadsTheJwtWithItsLifetime() throws Exception {
        transport.answer(200, "{\"access_token\":\"eyJ.jwt.sig\",\"issued_token_type\":"
                + "\"urn:ietf:params:oauth:token-type:access_token\",\"token_type\":\"Bearer\",\"expires_in\":14399}");

        AccessToken token = exchange.fetch();

        assertThat(token.value()).isEqualTo("eyJ.jwt.sig");
        assertThat(token.expiresAt()).isEqualTo(NOW.plusSeconds(14399));
        RecordingTransport.Sent sent = transport.sent.get(0);
        assertThat(sent.call().method()).isEqualTo("POST");
        assertThat(sent.call().uri()).isEqualTo(TOKEN_URL);
        assertThat(sent.call().headers()).containsEntry("Accept", "application/json")
                .doesNotContainKey("Authorization");
        assertThat(sent.contentType()).startsWith("application/x-www-form-urlencoded");
        assertThat(form(sent.body())).containsExactly(
                Map.entry("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"),
                Map.entry("subject_token", "api+token/with=chars"),
                Map.entry("subject_token_type", "urn:phrase:params:oauth:token-type:api_token"),
                Map.entry("requested_token_type", "urn:ietf:params:oauth:token-type:access_token"));
    }

    @Test
    void aMissingExpiresInMeansTenMinutes() throws Exception {
        transport.answer(200, "{\"access_token\":\"jwt\",\"token_type\":\"Bearer\"}");

        assertThat(exchange.fetch().expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
    }

    @Test
    void aRefusedApiTokenFailsWithoutRetryAndWithPhrasesText() {
        transport.answer(401, "{\"error\":\"unauthorized\",\"error_description\":\"Bad token\"}");

        assertThatThrownBy(exchange::fetch).isInstanceOfSatisfying(VendorCallFailed.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(401);
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage())
                    .isEqualTo("the phrase token endpoint answered HTTP 401: unauthorized: Bad token");
            assertThat(e.vendorMessage()).as("read as every Phrase error, not the raw body")
                    .isEqualTo("unauthorized: Bad token");
        });
    }

    @Test
    void aRefusalThatEchoesTheApiTokenDoesNotCarryItOn() {
        transport.answer(400, "{\"error\":\"invalid_request\",\"error_description\":\"subject_token"
                + " api+token/with=chars is malformed\"}");

        assertThatThrownBy(exchange::fetch).isInstanceOfSatisfying(VendorCallFailed.class, e -> {
            assertThat(e.vendorMessage()).isEqualTo("invalid_request: subject_token *** is malformed");
            assertThat(e.getMessage()).contains("HTTP 400").doesNotContain("api+token/with=chars");
        });
    }

    @Test
    void serverErrorsAndLostConnectionsAreRetryable() {
        transport.answer(503, "");
        assertThatThrownBy(exchange::fetch).isInstanceOfSatisfying(VendorCallFailed.class,
                e -> assertThat(e.retryable()).isTrue());

        transport.fail(new ConnectException("Connection refused"));
        assertThatThrownBy(exchange::fetch).isInstanceOfSatisfying(VendorCallFailed.class, e -> {
            assertThat(e.retryable()).isTrue();
            assertThat(e.httpStatus()).isNull();
            assertThat(e.getMessage()).contains("no answer from the phrase token endpoint");
        });
    }

    @Test
    void anAnswerWithoutAccessTokenFails() {
        transport.answer(200, "{\"token_type\":\"Bearer\",\"expires_in\":100}");

        assertThatThrownBy(exchange::fetch).isInstanceOf(VendorCallFailed.class).hasMessageContaining("access_token");
    }

    @Test
    void behindTheCacheOneExchangeServesUntilShortlyBeforeExpiryAndAfterA401() throws Exception {
        MutableClock time = new MutableClock(NOW);
        PhraseTokenExchange source = new PhraseTokenExchange("phrase", TOKEN_URL, "t", transport,
                new ObjectMapper(), time);
        CachedTokenAuthenticator cache = new CachedTokenAuthenticator(source, time, "key");
        transport.answer(200, "{\"access_token\":\"first\",\"expires_in\":3600}")
                .answer(200, "{\"access_token\":\"second\",\"expires_in\":3600}")
                .answer(200, "{\"access_token\":\"third\",\"expires_in\":3600}");

        assertThat(cache.headers()).containsEntry("Authorization", "Bearer first");
        time.now = NOW.plusSeconds(3600 - 31);
        assertThat(cache.headers()).containsEntry("Authorization", "Bearer first");
        time.now = NOW.plusSeconds(3600 - 30);
        assertThat(cache.headers()).containsEntry("Authorization", "Bearer second");
        assertThat(cache.invalidate(Map.of("Authorization", "Bearer second"))).isTrue();
        assertThat(cache.headers()).containsEntry("Authorization", "Bearer third");
        assertThat(transport.sent).hasSize(3);
    }

    static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        Arrays.stream(body.split("&")).map(pair -> pair.split("=", 2)).forEach(pair -> form.put(
                URLDecoder.decode(pair[0], StandardCharsets.UTF_8), URLDecoder.decode(pair[1], StandardCharsets.UTF_8)));
        return form;
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
