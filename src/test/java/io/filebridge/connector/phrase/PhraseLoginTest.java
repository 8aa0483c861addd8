package io.filebridge.connector.phrase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.connector.AccessToken;
import io.filebridge.connector.VendorCallFailed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The deprecated Language AI login as a token source: its JSON request, and how {@code expires} is read. */
class PhraseLoginTest {

    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final URI LOGIN_URL = URI.create("https://us.phrase.com/smt/api/v1/auth/login");

    private final ObjectMapper json = new ObjectMapper();
    private final RecordingTransport transport = new RecordingTransport();
    private final PhraseLogin login = new PhraseLogin("phrase", LOGIN_URL, "ops@example.com", "pa\"ss",
            "ORG-1", transport, json, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void postsTheDocumentedJsonAndReadsTokenAndExpiry() throws Exception {
        transport.answer(200, "{\"token\":\"eyJ.login.jwt\",\"tokenType\":\"Bearer\","
                + "\"expires\":\"2026-11-23T10:00:00Z\"}");

        AccessToken token = login.fetch();

        assertThat(token.value()).isEqualTo("eyJ.login.jwt");
        assertThat(token.expiresAt()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
        RecordingTransport.Sent sent = transport.sent.get(0);
        assertThat(sent.call().uri()).isEqualTo(LOGIN_URL);
        assertThat(sent.call().method()).isEqualTo("POST");
        assertThat(sent.call().headers()).containsEntry("Accept", "application/json");
        assertThat(sent.contentType()).startsWith("application/json");
        JsonNode body = json.readTree(sent.body());
        assertThat(body.get("userName").asText()).isEqualTo("ops@example.com");
        assertThat(body.get("password").asText()).isEqualTo("pa\"ss");
        assertThat(body.get("organization").get("uid").asText()).isEqualTo("ORG-1");
        assertThat(body.size()).isEqualTo(3);
    }

    @ParameterizedTest
    @CsvSource({
        "2026-11-23T10:00:00Z,              2026-11-23T10:00:00Z",
        "2026-11-23T10:00:00.123Z,          2026-11-23T10:00:00.123Z",
        "2026-11-23T12:00:00+02:00,         2026-11-23T10:00:00Z",
        "2026-11-23T12:00:00.5+0200,        2026-11-23T10:00:00.5Z",
        "2026-11-23T10:00:00.000+0000,      2026-11-23T10:00:00Z",
        "2026-11-23T11:00:00+01:00[Europe/Prague], 2026-11-23T10:00:00Z",
        "2026-11-23T10:00:00,               2026-11-23T10:00:00Z",
        "2026-11-23T10:00:00.999999,        2026-11-23T10:00:00.999999Z"})
    void expiresIsReadAsIso8601(String expires, String expected) {
        assertThat(PhraseLogin.parseExpires(expires)).contains(Instant.parse(expected));
        assertThat(login.expiry(expires)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "tomorrow", "1764151200", "23.11.2026 10:00", "2026-11-23"})
    void anUnreadableExpiresFallsBackToAShortLifetime(String expires) {
        assertThat(PhraseLogin.parseExpires(expires)).isEmpty();
        assertThat(login.expiry(expires)).isEqualTo(NOW.plus(PhraseLogin.FALLBACK_LIFETIME));
        assertThat(PhraseLogin.FALLBACK_LIFETIME).isLessThanOrEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void aMissingOrPastExpiresFallsBackToo() throws Exception {
        transport.answer(200, "{\"token\":\"t1\",\"tokenType\":\"Bearer\"}")
                .answer(200, "{\"token\":\"t2\",\"tokenType\":\"Bearer\",\"expires\":\"2026-11-22T09:00:00Z\"}")
                .answer(200, "{\"token\":\"t3\",\"tokenType\":\"Bearer\",\"expires\":null}");

        assertThat(login.fetch().expiresAt()).isEqualTo(NOW.plus(PhraseLogin.FALLBACK_LIFETIME));
        assertThat(login.fetch().expiresAt()).as("clock skew must not cause a login per request")
                .isEqualTo(NOW.plus(PhraseLogin.FALLBACK_LIFETIME));
        assertThat(login.fetch().expiresAt()).isEqualTo(NOW.plus(PhraseLogin.FALLBACK_LIFETIME));
    }

    @Test
    void refusedCredentialsFailWithoutRetryAndWithPhrasesText() {
        transport.answer(401, "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                + "\"detail\":\"Bad credentials\"}");

        assertThatThrownBy(login::fetch).isInstanceOfSatisfying(VendorCallFailed.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(401);
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("phrase login endpoint answered HTTP 401")
                    .contains("Unauthorized: Bad credentials").doesNotContain("pa\"ss");
            assertThat(e.vendorMessage()).isEqualTo("Unauthorized: Bad credentials");
        });
    }

    @Test
    void serverErrorsAreRetryableAndAnswersWithoutTokenFail() {
        transport.answer(502, "<html>Bad Gateway</html>").answer(200, "{\"tokenType\":\"Bearer\"}")
                .answer(200, "not json");

        assertThatThrownBy(login::fetch).isInstanceOfSatisfying(VendorCallFailed.class,
                e -> assertThat(e.retryable()).isTrue());
        assertThatThrownBy(login::fetch).isInstanceOf(VendorCallFailed.class).hasMessageContaining("without a token");
        assertThatThrownBy(login::fetch).isInstanceOf(VendorCallFailed.class).hasMessageContaining("unreadable JSON");
    }
}
