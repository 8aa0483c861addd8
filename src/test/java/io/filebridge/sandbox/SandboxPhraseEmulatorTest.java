package io.filebridge.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpServer;
import io.filebridge.testsupport.MultipartBody;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.util.unit.DataSize;

/**
 * The Phrase emulator as the sandbox profile configures it: the sandbox account, X-Webhook URLs called back, file-name
 * markers in Phrase's problem body, a size limit, and the uploads listing with the JSON names it always had.
 */
class SandboxPhraseEmulatorTest {

    /** As Spring Boot's ObjectMapper writes the listings (java.time as ISO text). */
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final String EXCHANGE = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange"
            + "&subject_token=sandbox-phrase-api-token";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final SandboxEmulators emulators = SandboxEmulators.start(settings());
    private final SandboxListingsController listings = new SandboxListingsController(emulators);
    private HttpServer receiver;

    @AfterEach
    void stop() {
        emulators.close();
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    private static SandboxProperties settings() {
        SandboxProperties settings = new SandboxProperties();
        settings.getPhrase().setMaxFileSize(DataSize.ofKilobytes(64));
        settings.getPhrase().setTokenLifetime(Duration.ofHours(2));
        settings.getPhrase().setWebhookDelay(Duration.ofMillis(50));
        return settings;
    }

    @Test
    void theVendorSettingPointsAtTheEmulatorsOwnPort() {
        assertThat(emulators.vendorSettings()).containsEntry("filebridge.vendors.phrase.base-url",
                "http://127.0.0.1:" + emulators.phrase().port());
    }

    @Test
    void theSandboxApiTokenIsExchangedForAJwtOfTheConfiguredLifetime() throws Exception {
        HttpResponse<String> answer = token(EXCHANGE);
        HttpResponse<String> wrong = token(EXCHANGE.replace("sandbox-phrase-api-token", "not-the-token"));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("access_token").asText()).matches("eyJ[\\w-]+\\.eyJ[\\w-]+\\.[\\w-]+");
        assertThat(body.get("expires_in").asLong()).isEqualTo(7200);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(wrong.body()).get("error_description").asText()).isEqualTo("Bad token");
        assertThat(emulators.phrase().violations()).isEmpty();
    }

    @Test
    void theSandboxUserLogsInAndItsUploadsAreListedAsLogin() throws Exception {
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(emulators.phrase().baseUrl()
                + "/smt/api/v1/auth/login")).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"userName\":\"sandbox-user\",\"password\":\"sandbox-password\","
                        + "\"organization\":{\"uid\":\"sandbox-org\"}}")).build(), BodyHandlers.ofString());

        assertThat(login.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(login.body());
        assertThat(Instant.parse(body.get("expires").asText())).isBetween(Instant.now().plus(Duration.ofMinutes(119)),
                Instant.now().plus(Duration.ofMinutes(121)));
        assertThat(upload("Bearer " + body.get("token").asText(), Map.of(), "a.txt", "text/plain", new byte[] {1})
                .statusCode()).isEqualTo(200);
        assertThat(listed().get(0).get("auth").asText()).isEqualTo("login");
    }

    @Test
    void anUploadIsListedWithTheNamesTheListingAlwaysHad() throws Exception {
        byte[] content = "%PDF-1.7 sandbox".getBytes(UTF_8);

        HttpResponse<String> answer = upload(bearer(), Map.of(), "Zpráva – 東京.pdf", "application/pdf", content);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("X-ActionId")).hasValue("action-1");
        JsonNode body = JSON.readTree(answer.body());
        JsonNode listed = listed().get(0);
        assertThat(listed.get("uid").asText()).isEqualTo(body.get("uid").asText());
        assertThat(listed.get("name").asText()).isEqualTo("Zpráva – 東京.pdf");
        assertThat(listed.get("size").asLong()).isEqualTo(content.length);
        assertThat(listed.get("sha256").asText()).isEqualTo(sha256(content));
        assertThat(listed.get("contentType").asText()).isEqualTo("application/pdf");
        assertThat(listed.get("actionId").asText()).isEqualTo("action-1");
        assertThat(listed.get("auth").asText()).isEqualTo("api-token");
        assertThat(listed.get("webhook").asText()).isEqualTo("none");
        assertThat(listed.get("webhookUrl").isNull()).isTrue();
        assertThat(Instant.parse(listed.get("receivedAt").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(listed.has("bearerToken")).isFalse();
        assertThat(emulators.phrase().violations()).isEmpty();
    }

    @Test
    void anXWebhookIsCalledBackWithTheResultAfterTheAnswer() throws Exception {
        BlockingQueue<JsonNode> webhooks = new LinkedBlockingQueue<>();
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        receiver.createContext("/", exchange -> {
            try (exchange) {
                if ("application/json".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                    webhooks.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
                }
                exchange.sendResponseHeaders(200, -1);
            }
        });
        receiver.start();
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/callbacks/phrase-connectors/tok123";
        byte[] content = "webhook me".getBytes(UTF_8);

        HttpResponse<String> answer = upload(bearer(), Map.of("X-Webhook", hook), "hook.txt", "text/plain", content);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).get("webhookUrl").asText()).isEqualTo(hook);
        JsonNode webhook = webhooks.poll(10, TimeUnit.SECONDS);
        assertThat(webhook).isNotNull();
        assertThat(webhook.get("uid").asText()).isEqualTo(JSON.readTree(answer.body()).get("uid").asText());
        assertThat(webhook.get("actionId").asText()).isEqualTo("action-1");
        assertThat(webhook.get("status").asText()).isEqualTo("OK");
        assertThat(webhook.get("sha256").asText()).isEqualTo(sha256(content));
        await().atMost(Duration.ofSeconds(10)).until(() -> listed().get(0).get("webhook").asText()
                .equals("delivered HTTP 200"));
        assertThat(listed().get(0).get("webhookUrl").asText()).isEqualTo(hook);
        assertThat(emulators.phrase().violations()).isEmpty();
    }

    @Test
    void anUnusableXWebhookIs400AndAViolation() throws Exception {
        HttpResponse<String> answer = upload(bearer(), Map.of("X-Webhook", "file:///etc/passwd"), "a.txt",
                "text/plain", new byte[] {1});

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(answer.body()).get("detail").asText()).contains("X-Webhook");
        assertThat(listings.phraseUploads()).isEmpty();
        assertThat(listings.violations("phrase").getBody()).singleElement().asString().contains("X-Webhook");
    }

    @ParameterizedTest
    @CsvSource({"report[fail-400].pdf, 400", "report[fail-401].pdf, 401", "report[FAIL-413].pdf, 413",
        "report[fail-422].pdf, 422", "report[fail-500].pdf, 500"})
    void failMarkersAlwaysAnswerTheirStatusInAProblemBody(String name, int status) throws Exception {
        String bearer = bearer();
        for (int attempt = 1; attempt <= 2; attempt++) {
            HttpResponse<String> answer = upload(bearer, Map.of(), name, "application/pdf", new byte[] {1});

            assertThat(answer.statusCode()).as("attempt %d", attempt).isEqualTo(status);
            JsonNode problem = JSON.readTree(answer.body());
            assertThat(problem.get("status").asInt()).isEqualTo(status);
            assertThat(problem.get("detail").asText()).isNotBlank();
        }
        assertThat(listings.phraseUploads()).isEmpty();
        assertThat(emulators.phrase().violations()).isEmpty();
    }

    @Test
    void flakyAndRateMarkersFailOnceAndLargeFilesAre413() throws Exception {
        String bearer = bearer();

        HttpResponse<String> flaky = upload(bearer, Map.of(), "scan[flaky-503].png", "image/png", new byte[] {1});
        HttpResponse<String> afterFlaky = upload(bearer, Map.of(), "scan[flaky-503].png", "image/png", new byte[] {1});
        HttpResponse<String> limited = upload(bearer, Map.of(), "b[rate-429].csv", "text/csv", new byte[] {1});
        HttpResponse<String> afterLimit = upload(bearer, Map.of(), "b[rate-429].csv", "text/csv", new byte[] {1});
        HttpResponse<String> tooBig = upload(bearer, Map.of(), "big.zip", "application/zip",
                new byte[64 * 1024 + 1]);

        assertThat(flaky.statusCode()).isEqualTo(503);
        assertThat(afterFlaky.statusCode()).isEqualTo(200);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(afterLimit.statusCode()).isEqualTo(200);
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(tooBig.body()).get("title").asText()).isEqualTo("Payload Too Large");
        assertThat(emulators.phrase().violations()).isEmpty();
    }

    private String bearer() throws Exception {
        return "Bearer " + JSON.readTree(token(EXCHANGE).body()).get("access_token").asText();
    }

    private HttpResponse<String> token(String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(emulators.phrase().baseUrl() + "/idm/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(BodyPublishers.ofString(form))
                .build(), BodyHandlers.ofString());
    }

    private HttpResponse<String> upload(String authorization, Map<String, String> headers, String name, String type,
            byte[] content) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(emulators.phrase().baseUrl()
                + "/connectors/files/v1/async/upload-file"))
                .header("Authorization", authorization).header("X-ActionId", "action-1")
                .header("Content-Type", MultipartBody.contentType())
                .POST(BodyPublishers.ofByteArray(new MultipartBody().file("file", name, type, content).bytes()));
        headers.forEach(request::header);
        return http.send(request.build(), BodyHandlers.ofString());
    }

    /** {@code GET /sandbox/phrase/uploads} as JSON, newest first. */
    private JsonNode listed() {
        return JSON.valueToTree(listings.phraseUploads());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
