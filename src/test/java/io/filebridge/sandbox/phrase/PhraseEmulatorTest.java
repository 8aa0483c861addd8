package io.filebridge.sandbox.phrase;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.filebridge.sandbox.SandboxTestApplication;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = SandboxTestApplication.class, properties = {
        SandboxTestApplication.ISOLATED_CONFIG,
        "filebridge.sandbox.phrase.token-lifetime=2h",
        "filebridge.sandbox.phrase.webhook-delay=50ms"})
@ActiveProfiles("sandbox")
class PhraseEmulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";

    @LocalServerPort
    private int port;
    @Autowired
    private PhraseEmulatorController emulator;
    private RestClient http;
    private HttpServer receiver;
    private final BlockingQueue<Webhook> webhooks = new LinkedBlockingQueue<>();

    private record Webhook(String path, String contentType, JsonNode body) {
    }

    @BeforeEach
    void setUp() throws IOException {
        emulator.reset();
        http = RestClient.builder()
                .baseUrl("http://127.0.0.1:" + port + "/sandbox/phrase")
                .requestFactory(new JdkClientHttpRequestFactory(
                        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()))
                .build();
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        receiver.createContext("/", exchange -> {
            try (exchange) {
                webhooks.add(new Webhook(exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Content-Type"),
                        JSON.readTree(exchange.getRequestBody().readAllBytes())));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        receiver.start();
    }

    @AfterEach
    void tearDown() {
        receiver.stop(0);
    }

    @Test
    void theApiTokenIsExchangedForAJwtLikePhrasesIdm() throws Exception {
        Answer answer = exchange(GRANT, "sandbox-phrase-api-token");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.headers().getCacheControl()).isEqualTo("no-store");
        assertThat(answer.json().get("access_token").asText()).matches("eyJ[\\w-]+\\.eyJ[\\w-]+\\.[\\w-]+");
        assertThat(answer.json().get("issued_token_type").asText())
                .isEqualTo("urn:ietf:params:oauth:token-type:access_token");
        assertThat(answer.json().get("token_type").asText()).isEqualTo("Bearer");
        assertThat(answer.json().get("expires_in").asLong()).isEqualTo(7200);
    }

    @Test
    void theTokenEndpointRefusesWrongTokensGrantsAndMissingFields() throws Exception {
        Answer wrongToken = exchange(GRANT, "not-the-token");
        Answer wrongGrant = exchange("client_credentials", "sandbox-phrase-api-token");
        Answer missing = exchange(GRANT, null);

        assertThat(wrongToken.status()).isEqualTo(401);
        assertThat(wrongToken.json().get("error").asText()).isEqualTo("unauthorized");
        assertThat(wrongToken.json().get("error_description").asText()).isEqualTo("Bad token");
        assertThat(wrongGrant.status()).isEqualTo(400);
        assertThat(wrongGrant.json().get("error").asText()).isEqualTo("unsupported_grant_type");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("error").asText()).isEqualTo("invalid_request");
    }

    @Test
    void theDeprecatedLoginGivesATokenWithAnIsoExpiry() throws Exception {
        Answer answer = login("sandbox-user", "sandbox-password", "sandbox-org");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("tokenType").asText()).isEqualTo("Bearer");
        Instant expires = Instant.parse(answer.json().get("expires").asText());
        assertThat(expires).isBetween(Instant.now().plus(Duration.ofMinutes(119)),
                Instant.now().plus(Duration.ofMinutes(121)));
        assertThat(upload("Bearer " + answer.json().get("token").asText(), null, null,
                file("a.txt", MediaType.TEXT_PLAIN, new byte[] {1})).status()).isEqualTo(200);
        assertThat(uploads().get(0).get("auth").asText()).isEqualTo("login");
        assertThat(login("sandbox-user", "wrong", "sandbox-org").status()).isEqualTo(401);
        assertThat(login("sandbox-user", "sandbox-password", "other-org").status()).isEqualTo(401);
    }

    @Test
    void anUploadAnswersTheStoredFileAndEchoesTheActionId() throws Exception {
        byte[] content = "%PDF-1.7 sandbox".getBytes(UTF_8);

        Answer answer = upload(bearer(), "action-42", null, file("Zpráva – 東京.pdf", MediaType.APPLICATION_PDF,
                content));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.headers().getFirst("X-ActionId")).isEqualTo("action-42");
        assertThat(answer.headers().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        JsonNode body = answer.json();
        assertThat(body.get("uid").asText()).matches("[A-Za-z0-9]{22}");
        assertThat(body.get("expiration").asText()).isEqualTo("DAY");
        assertThat(body.get("origin").asText()).isEqualTo("bifrost");
        assertThat(body.get("sha256").asText()).isEqualTo(sha256(content));
        assertThat(body.get("size").asLong()).isEqualTo(content.length);
        assertThat(body.has("webhookUrl")).isFalse();
        JsonNode listed = uploads().get(0);
        assertThat(listed.get("uid").asText()).isEqualTo(body.get("uid").asText());
        assertThat(listed.get("name").asText()).isEqualTo("Zpráva – 東京.pdf");
        assertThat(listed.get("sha256").asText()).isEqualTo(sha256(content));
        assertThat(listed.get("actionId").asText()).isEqualTo("action-42");
        assertThat(listed.get("contentType").asText()).isEqualTo("application/pdf");
        assertThat(listed.get("auth").asText()).isEqualTo("api-token");
        assertThat(listed.get("webhook").asText()).isEqualTo("none");
    }

    @Test
    void anActionIdIsGeneratedWhenNoneIsSent() throws Exception {
        Answer answer = upload(bearer(), null, null, file("a.txt", MediaType.TEXT_PLAIN, new byte[] {1}));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.headers().getFirst("X-ActionId")).isNotBlank();
        assertThat(uploads().get(0).get("actionId").asText()).isEqualTo(answer.headers().getFirst("X-ActionId"));
    }

    @Test
    void withAnXWebhookTheResultIsPostedThereAfterTheAnswer() throws Exception {
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/callbacks/phrase-connectors/tok123";
        byte[] content = "webhook me".getBytes(UTF_8);

        Answer answer = upload(bearer(), "action-7", hook, file("hook.txt", MediaType.TEXT_PLAIN, content));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("webhookUrl").asText()).isEqualTo(hook);
        Webhook webhook = webhooks.poll(10, TimeUnit.SECONDS);
        assertThat(webhook).isNotNull();
        assertThat(webhook.path()).isEqualTo("/callbacks/phrase-connectors/tok123");
        assertThat(webhook.contentType()).isEqualTo("application/json");
        assertThat(webhook.body().get("uid").asText()).isEqualTo(answer.json().get("uid").asText());
        assertThat(webhook.body().get("actionId").asText()).isEqualTo("action-7");
        assertThat(webhook.body().get("status").asText()).isEqualTo("OK");
        assertThat(webhook.body().get("sha256").asText()).isEqualTo(sha256(content));
        await().atMost(Duration.ofSeconds(10)).until(() -> uploads().get(0).get("webhook").asText()
                .equals("delivered HTTP 200"));
        assertThat(uploads().get(0).get("webhookUrl").asText()).isEqualTo(hook);
    }

    @Test
    void anUnusableXWebhookIs400() throws Exception {
        Answer answer = upload(bearer(), null, "file:///etc/passwd", file("a.txt", MediaType.TEXT_PLAIN, new byte[1]));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("detail").asText()).contains("X-Webhook");
        assertThat(uploads()).isEmpty();
    }

    @Test
    void missingUnknownOrNonBearerTokensAre401() throws Exception {
        MultiValueMap<String, HttpEntity<?>> file = file("a.txt", MediaType.TEXT_PLAIN, new byte[] {1});

        for (String authorization : new String[] {null, "Bearer eyJnever.issued.token",
            "Basic " + Base64.getEncoder().encodeToString("sandbox-user:sandbox-password".getBytes(UTF_8)),
            "Bearer sandbox-phrase-api-token"}) {
            Answer answer = upload(authorization, null, null, file);
            assertThat(answer.status()).as("Authorization %s", authorization).isEqualTo(401);
            assertThat(answer.json().get("title").asText()).isEqualTo("Unauthorized");
            assertThat(answer.json().get("status").asInt()).isEqualTo(401);
        }
        assertThat(uploads()).isEmpty();
    }

    @Test
    void aMissingFilePartIs400() throws Exception {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("note", "no file here");

        Answer answer = upload(bearer(), null, null, form);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("detail").asText()).isEqualTo("Required part 'file' is not present.");
    }

    @ParameterizedTest
    @CsvSource({"report[fail-400].pdf, 400", "report[fail-401].pdf, 401", "report[FAIL-413].pdf, 413",
        "report[fail-422].pdf, 422", "report[fail-500].pdf, 500"})
    void failMarkersAlwaysAnswerTheirStatus(String name, int status) throws Exception {
        String token = bearer();
        for (int attempt = 1; attempt <= 2; attempt++) {
            Answer answer = upload(token, null, null, file(name, MediaType.APPLICATION_PDF, new byte[] {1}));

            assertThat(answer.status()).as("attempt %d", attempt).isEqualTo(status);
            assertThat(answer.json().get("status").asInt()).isEqualTo(status);
            assertThat(answer.json().get("detail").asText()).isNotBlank();
        }
        assertThat(uploads()).isEmpty();
    }

    @Test
    void flakyAndRateMarkersFailOnce() throws Exception {
        String token = bearer();
        MultiValueMap<String, HttpEntity<?>> flaky = file("scan[flaky-503].png", MediaType.IMAGE_PNG, new byte[] {1});
        MultiValueMap<String, HttpEntity<?>> limited = file("b[rate-429].csv", MediaType.TEXT_PLAIN, new byte[] {1});

        assertThat(upload(token, null, null, flaky).status()).isEqualTo(503);
        assertThat(upload(token, null, null, flaky).status()).isEqualTo(200);
        Answer first = upload(token, null, null, limited);
        assertThat(first.status()).isEqualTo(429);
        assertThat(first.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        assertThat(upload(token, null, null, limited).status()).isEqualTo(200);
    }

    private String bearer() throws Exception {
        return "Bearer " + exchange(GRANT, "sandbox-phrase-api-token").json().get("access_token").asText();
    }

    private Answer exchange(String grantType, String subjectToken) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("grant_type", grantType);
        if (subjectToken != null) {
            form.add("subject_token", subjectToken);
            form.add("subject_token_type", "urn:phrase:params:oauth:token-type:api_token");
        }
        return http.post().uri("/idm/oauth/token")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(form)
                .exchange((request, response) -> new Answer(response.getStatusCode().value(), response.getHeaders(),
                        json(response.getBody())));
    }

    private Answer login(String user, String password, String organization) {
        String body = JSON.createObjectNode().put("userName", user).put("password", password)
                .set("organization", JSON.createObjectNode().put("uid", organization)).toString();
        return http.post().uri("/smt/api/v1/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .exchange((request, response) -> new Answer(response.getStatusCode().value(), response.getHeaders(),
                        json(response.getBody())));
    }

    private Answer upload(String authorization, String actionId, String webhook, MultiValueMap<String, ?> form) {
        return http.post().uri("/connectors/files/v1/async/upload-file")
                .headers(headers -> {
                    if (authorization != null) {
                        headers.set(HttpHeaders.AUTHORIZATION, authorization);
                    }
                    if (actionId != null) {
                        headers.set("X-ActionId", actionId);
                    }
                    if (webhook != null) {
                        headers.set("X-Webhook", webhook);
                    }
                })
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(form)
                .exchange((request, response) -> new Answer(response.getStatusCode().value(), response.getHeaders(),
                        json(response.getBody())));
    }

    private JsonNode uploads() {
        return http.get().uri("/uploads").exchange((request, response) -> json(response.getBody()));
    }

    private static MultiValueMap<String, HttpEntity<?>> file(String name, MediaType type, byte[] content) {
        MultipartBodyBuilder builder = new MultipartBodyBuilder();
        builder.part("file", new ByteArrayResource(content)).filename(name).contentType(type);
        return builder.build();
    }

    private static JsonNode json(InputStream body) throws IOException {
        return JSON.readTree(body.readAllBytes());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private record Answer(int status, HttpHeaders headers, JsonNode json) {
    }
}
