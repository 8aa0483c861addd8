package io.filebridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.FilebridgeApplication;
import io.filebridge.testsupport.FreePorts;
import io.filebridge.testsupport.HotFolder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sandbox with an ops password set (as anyone trying it on a shared host would): every emulator still answers
 * with its own authentication, none of their Authorization headers is taken for an operator login. The shipped
 * pipelines upload through each emulator end to end, the Phrase webhook reaches /callbacks, and the Sendcloud
 * OAuth2 token endpoint (Basic client credentials) is called directly, at the URL the sandbox points filebridge at
 * (the emulator's own loopback port), while the listings stay on the main port.
 *
 * <p>Why: the operator login once swallowed the emulators' Basic and Bearer headers (ops/security); Sendcloud,
 * Serial and Aymara now listen on ports of their own, Phrase still on the main port.
 */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("sandbox")
class SandboxWithOpsPasswordTest {

    static final String PASSWORD = "pw-" + UUID.randomUUID();
    static final Path dataDir = HotFolder.create("sandbox-ops-password").root;
    static final int port = FreePorts.forApplication();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("filebridge.ops.password", () -> PASSWORD);
        registry.add("filebridge.data-dir", dataDir::toString);
        registry.add("server.port", () -> port);
        registry.add("filebridge.intake.quiet-period", () -> "300ms");
        registry.add("filebridge.sandbox.phrase.translation-delay", () -> "500ms");
        registry.add("filebridge.tracking.poll-interval", () -> "1s");
        // Aymara with both of its credentials, so the emulator checks the bearer token as well as the key
        registry.add("filebridge.vendors.aymara.bearer-token", () -> "sandbox-aymara-token");
    }

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final ObjectMapper json = new ObjectMapper();
    @Autowired
    Environment environment;

    @Test
    void aFileIsUploadedThroughTheSendcloudEmulatorWithItsBasicKeys() throws Exception {
        Path inbox = dataDir.resolve("inbox/support");
        Files.createDirectories(inbox.resolve("tickets"));
        Files.writeString(inbox.resolve("tickets/with password.png"), "not really a png");

        JsonNode receipt = HotFolder.awaitJson(dataDir.resolve("outbox/support/tickets/with password.png.receipt.json"));

        assertThat(receipt.path("pipeline").asText()).isEqualTo("support-attachments");
        HotFolder.awaitExists(inbox.resolve(".done/tickets/with password.png"));
        JsonNode upload = find(get("/sandbox/sendcloud/uploads", null), "with password.png");
        assertThat(upload.path("auth").asText()).isEqualTo("basic");
        assertThat(upload.path("file_token").asText()).isEqualTo(receipt.path("vendorId").asText());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"manufacturing,manufacturing-data,serial,",
            "evaluation,evaluation-files,aymara,x-api-key+bearer", "phrase-storage,phrase-storage,phrase,"})
    void everyShippedUploadPipelineWorksAgainstItsEmulator(String folder, String pipeline, String emulator,
            String auth) throws Exception {
        Path inbox = dataDir.resolve("inbox/" + folder);
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve("with password.csv"), "a,b\n1,2\n");

        JsonNode receipt = HotFolder.awaitJson(dataDir.resolve("outbox/" + folder + "/with password.csv.receipt.json"));

        assertThat(receipt.path("pipeline").asText()).isEqualTo(pipeline);
        HotFolder.awaitExists(inbox.resolve(".done/with password.csv"));
        JsonNode upload = find(get("/sandbox/" + emulator + "/uploads", null), "with password.csv");
        if (auth != null) { // the emulators that list how a caller authenticated
            assertThat(upload.path("auth").asText()).isEqualTo(auth);
        }
    }

    @Test
    void theTranslationPipelineDeliversThroughTheLanguageAiEmulatorAndItsWebhook() throws Exception {
        Path inbox = dataDir.resolve("inbox/docs");
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve("with password.txt"), "Welcome\n");

        for (String lang : new String[] {"cs", "de"}) {
            Path output = dataDir.resolve("outbox/docs/" + lang + "/with password.txt");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(output));
            assertThat(Files.readString(output)).contains("Welcome").contains(lang);
        }
    }

    @Test
    void theSendcloudOAuth2TokenEndpointTakesItsBasicClientCredentials() throws Exception {
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(sendcloudTokenUrl())
                .header("Authorization", basic("sandbox-client", "sandbox-client-secret"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        String accessToken = json.readTree(token.body()).path("access_token").asText();

        String boundary = "b" + UUID.randomUUID().toString().replace("-", "");
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"oauth2.txt\""
                + "\r\nContent-Type: text/plain\r\n\r\nsent with a bearer token\r\n--" + boundary + "--\r\n";
        HttpResponse<String> upload = http.send(HttpRequest.newBuilder(URI.create(
                        environment.getRequiredProperty("filebridge.vendors.sendcloud.base-url") + "/dsf/files"))
                .header("Authorization", "Bearer " + accessToken)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        assertThat(find(get("/sandbox/sendcloud/uploads", null), "oauth2.txt").path("auth").asText())
                .isEqualTo("bearer");
    }

    /** Even the operator's own credentials are the emulator's business there: its 401, not the ops login's. */
    @Test
    void wrongKeysAreRefusedByTheEmulatorItselfNotByTheOpsLogin() throws Exception {
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(sendcloudTokenUrl())
                .header("Authorization", basic("ops", PASSWORD))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(json.readTree(refused.body()).path("error").asText()).isEqualTo("invalid_client");
        assertThat(refused.headers().firstValue("WWW-Authenticate").orElse("")).doesNotContain("filebridge");
    }

    @Test
    void theOpsApiStillNeedsTheOperator() throws Exception {
        assertThat(http.send(HttpRequest.newBuilder(url("/api/pipelines")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        assertThat(get("/api/pipelines", basic("ops", PASSWORD)).isArray()).isTrue();
    }

    private JsonNode get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static JsonNode find(JsonNode uploads, String name) {
        for (JsonNode upload : uploads) {
            if (upload.toString().contains(name)) {
                return upload;
            }
        }
        throw new AssertionError(name + " not among the emulator's uploads: " + uploads);
    }

    /** Where the sandbox points filebridge's Sendcloud token URL: the emulator's own port, not the main one. */
    private URI sendcloudTokenUrl() {
        URI token = URI.create(environment.getRequiredProperty("filebridge.vendors.sendcloud.token-url"));
        assertThat(token.getPort()).isNotEqualTo(port);
        return token;
    }

    private URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

}
