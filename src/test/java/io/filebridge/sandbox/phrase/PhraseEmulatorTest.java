package io.filebridge.sandbox.phrase;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.sandbox.phrase.PhraseEmulator.AuthKind;
import io.filebridge.testsupport.MultipartBody;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Phrase contract server itself: it must accept what Phrase accepts and catch what Phrase would refuse. */
class PhraseEmulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORM = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange"
            + "&subject_token=" + PhraseEmulator.API_TOKEN;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final PhraseEmulator server = new PhraseEmulator().start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aCorrectExchangeAndUploadAreAcceptedAndRecorded() throws Exception {
        String jwt = exchange(FORM).get("access_token").asText();
        byte[] content = "%PDF-1.7".getBytes(UTF_8);

        HttpResponse<String> response = upload(Map.of("Authorization", "Bearer " + jwt, "X-ActionId", "a-1"),
                MultipartBody.contentType(), new MultipartBody().file("file", "r.pdf", "application/pdf", content)
                        .bytes());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-ActionId")).hasValue("a-1");
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("sha256").asText()).isEqualToIgnoringCase(sha256(content));
        assertThat(server.violations()).isEmpty();
        assertThat(server.tokenExchanges()).isEqualTo(1);
        assertThat(server.uploads()).singleElement().satisfies(upload -> {
            assertThat(upload.auth()).isEqualTo(AuthKind.EXCHANGE);
            assertThat(upload.uid()).isEqualTo(answer.get("uid").asText());
            assertThat(upload.actionId()).isEqualTo("a-1");
            assertThat(upload.sha256()).isEqualTo(sha256(content));
            assertThat(upload.webhook()).isNull();
        });
    }

    @Test
    void aWrongGrantOrUnknownFieldIsAViolationAndAWrongApiTokenAnAuthFailure() throws Exception {
        exchange("grant_type=client_credentials&subject_token=x");
        exchange(FORM + "&scope=all");
        JsonNode refused = exchange(FORM.replace(PhraseEmulator.API_TOKEN, "nope"));

        assertThat(server.violations()).hasSize(2);
        assertThat(server.violations().get(0)).contains("grant_type");
        assertThat(server.violations().get(1)).contains("scope");
        assertThat(refused.get("error").asText()).isEqualTo("unauthorized");
        assertThat(server.authFailures()).hasSize(1);
    }

    @Test
    void aJsonBodyAMissingActionIdAndAnUnexpectedWebhookAreViolations() throws Exception {
        String bearer = "Bearer " + exchange(FORM).get("access_token").asText();

        HttpResponse<String> asJson = upload(Map.of("Authorization", bearer, "X-ActionId", "a"), "application/json",
                "{\"file\":\"<string>\"}".getBytes(UTF_8));
        HttpResponse<String> noActionId = upload(Map.of("Authorization", bearer), MultipartBody.contentType(),
                new MultipartBody().file("file", "a.txt", "text/plain", new byte[] {1}).bytes());
        HttpResponse<String> webhook = upload(Map.of("Authorization", bearer, "X-ActionId", "a", "X-Webhook",
                "https://x/callbacks/phrase-connectors/" + "t".repeat(43)), MultipartBody.contentType(),
                new MultipartBody().file("file", "a.txt", "text/plain", new byte[] {1}).bytes());

        assertThat(asJson.statusCode()).isEqualTo(400);
        assertThat(noActionId.statusCode()).isEqualTo(400);
        assertThat(webhook.statusCode()).isEqualTo(400);
        assertThat(String.join("\n", server.violations())).contains("multipart/form-data").contains("X-ActionId")
                .contains("X-Webhook sent although");
        assertThat(server.uploads()).isEmpty();
    }

    @Test
    void aPartTypeThatIsNotTheExtensionsAndAQueryStringAreViolations() throws Exception {
        String bearer = "Bearer " + exchange(FORM).get("access_token").asText();
        Map<String, String> headers = Map.of("Authorization", bearer, "X-ActionId", "a");

        HttpResponse<String> octetPdf = upload(headers, MultipartBody.contentType(), new MultipartBody()
                .file("file", "r.pdf", "application/octet-stream", new byte[] {1}).bytes());
        HttpResponse<String> twoParts = upload(headers, MultipartBody.contentType(), new MultipartBody()
                .file("file", "a.txt", "text/plain", new byte[] {1}).file("file", "b.txt", "text/plain", new byte[] {2})
                .bytes());
        HttpResponse<String> withQuery = upload(UPLOAD_QUERY, headers, MultipartBody.contentType(),
                new MultipartBody().file("file", "a.txt", "text/plain", new byte[] {1}).bytes());

        assertThat(octetPdf.statusCode()).isEqualTo(400);
        assertThat(twoParts.statusCode()).isEqualTo(400);
        assertThat(withQuery.statusCode()).isEqualTo(400);
        assertThat(server.violations()).hasSize(3);
        assertThat(server.violations().get(0)).contains("application/octet-stream")
                .contains("expected application/pdf");
        assertThat(server.violations().get(1)).contains("exactly one part");
        assertThat(server.violations().get(2)).contains("unexpected query");
        assertThat(server.uploads()).isEmpty();
    }

    @Test
    void aTokenCanExpireAtTheServerLongBeforeItsAdvertisedLifetime() throws Exception {
        server.tokensExpireAtServerAfter(Duration.ofMillis(300));
        JsonNode exchanged = exchange(FORM);
        String jwt = exchanged.get("access_token").asText();
        server.tokensExpireAtServerAfter(null);
        byte[] body = new MultipartBody().file("file", "a.txt", "text/plain", new byte[] {1}).bytes();

        assertThat(exchanged.get("expires_in").asLong()).as("advertised as usual").isEqualTo(14399);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.expiredAtServer(jwt));
        assertThat(upload(Map.of("Authorization", "Bearer " + jwt, "X-ActionId", "a"), MultipartBody.contentType(),
                body).statusCode()).isEqualTo(401);
        assertThat(server.authFailures()).singleElement().asString().contains("expired");

        String fresh = exchange(FORM).get("access_token").asText();
        assertThat(server.expiredAtServer(fresh)).isFalse();
        assertThat(upload(Map.of("Authorization", "Bearer " + fresh, "X-ActionId", "b"), MultipartBody.contentType(),
                body).statusCode()).isEqualTo(200);
    }

    @Test
    void anExpectedWebhookMustBeThereWithAToken() throws Exception {
        server.expectWebhooksUnder("https://fb.example.com/callbacks/phrase-connectors/");
        String bearer = "Bearer " + exchange(FORM).get("access_token").asText();
        byte[] body = new MultipartBody().file("file", "a.txt", "text/plain", new byte[] {1}).bytes();

        assertThat(upload(Map.of("Authorization", bearer, "X-ActionId", "a"), MultipartBody.contentType(), body)
                .statusCode()).isEqualTo(400);
        assertThat(upload(Map.of("Authorization", bearer, "X-ActionId", "a", "X-Webhook",
                "https://fb.example.com/callbacks/phrase-connectors/short"), MultipartBody.contentType(), body)
                .statusCode()).isEqualTo(400);
        assertThat(upload(Map.of("Authorization", bearer, "X-ActionId", "a", "X-Webhook",
                "https://fb.example.com/callbacks/phrase-connectors/" + "A".repeat(43)), MultipartBody.contentType(),
                body).statusCode()).isEqualTo(200);
        assertThat(server.violations()).hasSize(2);
    }

    @Test
    void revokedTokensAre401AndTheLoginIssuesTokensWithItsExpiresFormat() throws Exception {
        server.loginExpiresAs(Instant::toString).tokenExpiresIn(Duration.ofMinutes(5));
        String bearer = "Bearer " + exchange(FORM).get("access_token").asText();
        byte[] body = new MultipartBody().file("file", "a.txt", "text/plain", new byte[] {1}).bytes();
        server.revokeAllTokens();

        assertThat(upload(Map.of("Authorization", bearer, "X-ActionId", "a"), MultipartBody.contentType(), body)
                .statusCode()).isEqualTo(401);
        assertThat(server.authFailures()).singleElement().asString().contains("revoked");

        Map<String, Object> credentials = new LinkedHashMap<>();
        credentials.put("userName", PhraseEmulator.USERNAME);
        credentials.put("password", PhraseEmulator.PASSWORD);
        credentials.put("organization", Map.of("uid", PhraseEmulator.ORGANIZATION_UID));
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                        + PhraseEmulator.LOGIN_PATH)).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(JSON.writeValueAsString(credentials))).build(), BodyHandlers.ofString());
        JsonNode token = JSON.readTree(login.body());
        assertThat(Instant.parse(token.get("expires").asText())).isAfter(Instant.now().plusSeconds(290));
        HttpResponse<String> withLogin = upload(Map.of("Authorization", "Bearer " + token.get("token").asText(),
                "X-ActionId", "b"), MultipartBody.contentType(), body);
        assertThat(withLogin.statusCode()).isEqualTo(200);
        assertThat(server.uploads()).singleElement().extracting(PhraseUpload::auth)
                .isEqualTo(AuthKind.LOGIN);
        assertThat(server.logins()).isEqualTo(1);
        assertThat(server.violations()).isEmpty();
    }

    @Test
    void aScriptedWrongSha256IsAnsweredOnce() throws Exception {
        String bearer = "Bearer " + exchange(FORM).get("access_token").asText();
        byte[] content = "abc".getBytes(UTF_8);
        byte[] body = new MultipartBody().file("file", "a.txt", "text/plain", content).bytes();
        server.answerWrongSha256Next();

        JsonNode wrong = JSON.readTree(upload(Map.of("Authorization", bearer, "X-ActionId", "a"),
                MultipartBody.contentType(), body).body());
        JsonNode right = JSON.readTree(upload(Map.of("Authorization", bearer, "X-ActionId", "a"),
                MultipartBody.contentType(), body).body());

        assertThat(wrong.get("sha256").asText()).hasSize(64).isNotEqualToIgnoringCase(sha256(content));
        assertThat(right.get("sha256").asText()).isEqualToIgnoringCase(sha256(content));
    }

    private JsonNode exchange(String form) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                        + PhraseEmulator.TOKEN_PATH))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString(form)).build(), BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static final String UPLOAD_QUERY = PhraseEmulator.UPLOAD_PATH + "?storage=week";

    private HttpResponse<String> upload(Map<String, String> headers, String contentType, byte[] body)
            throws Exception {
        return upload(PhraseEmulator.UPLOAD_PATH, headers, contentType, body);
    }

    private HttpResponse<String> upload(String pathAndQuery, Map<String, String> headers, String contentType,
            byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + pathAndQuery))
                .header("Content-Type", contentType)
                .POST(BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return http.send(request.build(), BodyHandlers.ofString());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
