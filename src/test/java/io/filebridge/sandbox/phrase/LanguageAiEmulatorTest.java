package io.filebridge.sandbox.phrase;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.filebridge.sandbox.SandboxEmulators;
import io.filebridge.sandbox.SandboxTestApplication;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

/**
 * Language AI as the sandbox profile sets it up: jobs complete by themselves after
 * {@code filebridge.sandbox.phrase.translation-delay}, {@code [fail-lang-xx]} markers, text "translated" line by line,
 * callbacks, and the job listing and expiry on the main port.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = SandboxTestApplication.class, properties = {
        SandboxTestApplication.ISOLATED_CONFIG,
        "filebridge.sandbox.phrase.translation-delay=400ms"})
@ActiveProfiles("sandbox")
class LanguageAiEmulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = "/smt/api/v1/fileTranslations";
    private static final String METADATA = "{\"sourceLang\":{\"code\":\"en\"},\"targetLangs\":[{\"code\":\"de\"},"
            + "{\"code\":\"es_419\"}],\"actionTypes\":[\"MT_GENERIC_PRETRANSLATE\",\"QUALITY_ESTIMATION\"]}";

    @LocalServerPort
    private int port;
    @Autowired
    private SandboxEmulators emulators;
    private PhraseLanguageAi emulator;
    private RestClient http;
    private RestClient sandbox;
    private HttpServer receiver;
    private final BlockingQueue<JsonNode> callbacks = new LinkedBlockingQueue<>();

    @BeforeEach
    void setUp() throws IOException {
        emulator = emulators.phrase().languageAi();
        emulator.forgetJobs();
        emulators.phrase().forgetRecords();
        http = RestClient.builder()
                .baseUrl(emulators.phrase().baseUrl())
                .requestFactory(new JdkClientHttpRequestFactory(
                        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()))
                .build();
        sandbox = RestClient.builder()
                .baseUrl("http://127.0.0.1:" + port + "/sandbox/phrase")
                .requestFactory(new JdkClientHttpRequestFactory(
                        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()))
                .build();
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        receiver.createContext("/", exchange -> {
            try (exchange) {
                if ("application/json".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                    callbacks.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
                }
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
    void aTextFileIsTranslatedLineByLineAfterTheDelay() throws Exception {
        String bearer = bearer();
        Answer submitted = submit(bearer, form("Zpráva.txt", "Hello\nworld\n".getBytes(UTF_8), METADATA,
                MediaType.APPLICATION_JSON));

        assertThat(submitted.status()).isEqualTo(200);
        assertThat(submitted.headers().getFirst("Memsource-Action-Id")).isNotBlank();
        String uid = submitted.json().get("uid").asText();
        assertThat(submitted.json().get("actions")).hasSize(2);
        assertThat(submitted.json().findValues("status")).extracting(JsonNode::asText).containsOnly("RUNNING");
        assertThat(submitted.json().get("metadata")).isEqualTo(JSON.readTree(METADATA));
        assertThat(download(bearer, uid, "MT_GENERIC_PRETRANSLATE", "de", "application/octet-stream").status())
                .isEqualTo(404);

        await().atMost(Duration.ofSeconds(10)).until(() -> status(bearer, uid).json().findValues("status").stream()
                .allMatch(s -> s.asText().equals("OK")));
        Download file = download(bearer, uid, "MT_GENERIC_PRETRANSLATE", "de", "application/octet-stream");
        Download score = download(bearer, uid, "QUALITY_ESTIMATION", "es_419", "application/json");

        assertThat(file.status()).isEqualTo(200);
        assertThat(new String(file.body(), UTF_8)).isEqualTo("[de] Hello\n[de] world\n");
        assertThat(file.headers().getContentType()).isEqualTo(MediaType.APPLICATION_OCTET_STREAM);
        assertThat(file.headers().getContentDisposition().getFilename()).isEqualTo("Zpráva.txt");
        assertThat(score.status()).isEqualTo(200);
        assertThat(JSON.readTree(score.body()).get("score").asDouble()).isEqualTo(
                PhraseLanguageAi.expectedScore("es_419")).isBetween(0.5, 1.0);
        // the QE endpoint gives the translated file too: a QE-only order takes its translation from there
        Download qeFile = download(bearer, uid, "QUALITY_ESTIMATION", "es_419", "application/octet-stream");
        assertThat(qeFile.status()).isEqualTo(200);
        assertThat(qeFile.headers().getContentType()).isEqualTo(MediaType.APPLICATION_OCTET_STREAM);
        assertThat(new String(qeFile.body(), UTF_8)).isEqualTo("[es_419] Hello\n[es_419] world\n");
        JsonNode listed = translations().get(0);
        assertThat(listed.get("uid").asText()).isEqualTo(uid);
        assertThat(listed.get("status").asText()).isEqualTo("FINISHED");
        assertThat(listed.get("text").asBoolean()).isTrue();
        assertThat(Files.exists(emulator.storage().resolve(uid))).isTrue();
        assertThat(emulator.storage().toString()).startsWith(System.getProperty("java.io.tmpdir"));
    }

    @Test
    void aBinaryFileComesBackUnchangedAndALoginTokenIsAccepted() throws Exception {
        String bearer = "Bearer " + login().get("token").asText();
        byte[] binary = {0, 1, 2, (byte) 0xff, 10, 0};
        String uid = submit(bearer, form("img.png", binary, METADATA, MediaType.APPLICATION_JSON)).json()
                .get("uid").asText();

        await().atMost(Duration.ofSeconds(10)).until(() -> download(bearer, uid, "MT_GENERIC_PRETRANSLATE", "de",
                "application/octet-stream").status() == 200);
        assertThat(download(bearer, uid, "MT_GENERIC_PRETRANSLATE", "de", "application/octet-stream").body())
                .isEqualTo(binary);
        assertThat(translations().get(0).get("text").asBoolean()).isFalse();
    }

    @Test
    void aFailLangMarkerEndsThatLanguageInErrorAndTheCallbackReportsIt() throws Exception {
        String bearer = bearer();
        String callback = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/callbacks/lai/tok";
        String uid = submit(bearer, form("doc[fail-lang-es_419].txt", "x".getBytes(UTF_8), METADATA.replace("]}",
                "],\"callbackUrl\":\"" + callback + "\"}"), MediaType.APPLICATION_JSON)).json().get("uid").asText();

        JsonNode finished = callbacks.poll(10, TimeUnit.SECONDS);

        assertThat(finished).isNotNull();
        assertThat(finished.get("uid").asText()).isEqualTo(uid);
        assertThat(finished.at("/actions/0/results/0/status").asText()).isEqualTo("OK");
        assertThat(finished.at("/actions/0/results/1/status").asText()).isEqualTo("ERROR");
        assertThat(download(bearer, uid, "MT_GENERIC_PRETRANSLATE", "es_419", "application/octet-stream").status())
                .isEqualTo(404);
        await().atMost(Duration.ofSeconds(5)).until(() -> translations().get(0).get("callback").asText()
                .equals("delivered HTTP 200"));
    }

    @Test
    void badMetadataIs400WithAProblemBody() throws Exception {
        String bearer = bearer();
        List<String> bad = List.of(
                METADATA.replace("\"de\"", "\"DE\""),
                METADATA.replace("\"es_419\"", "\"de\""),
                METADATA.replace("QUALITY_ESTIMATION", "TRANSLATE"),
                METADATA.replace("]}", "],\"callbackUrl\":\"not a url\"}"),
                METADATA.replace("[\"MT_GENERIC_PRETRANSLATE\",\"QUALITY_ESTIMATION\"]", "[]"));
        for (String metadata : bad) {
            Answer answer = submit(bearer, form("a.txt", "x".getBytes(UTF_8), metadata, MediaType.APPLICATION_JSON));
            assertThat(answer.status()).as(metadata).isEqualTo(400);
            assertThat(answer.json().get("title").asText()).isEqualTo("Bad Request");
            assertThat(answer.json().get("detail").asText()).isNotBlank();
        }
        Answer textPlain = submit(bearer, form("a.txt", "x".getBytes(UTF_8), METADATA, MediaType.TEXT_PLAIN));
        assertThat(textPlain.status()).isEqualTo(400);
        assertThat(textPlain.json().get("detail").asText()).contains("application/json");
        MultipartBodyBuilder noFile = new MultipartBodyBuilder();
        noFile.part("metadata", METADATA, MediaType.APPLICATION_JSON);
        assertThat(submit(bearer, noFile.build()).json().get("detail").asText())
                .contains("no part \"file\"");
        assertThat(translations()).isEmpty();
        assertThat(emulators.phrase().violations()).hasSize(bad.size() + 2);
    }

    @Test
    void tokensUnknownUidsMissingAcceptAndFaultMarkersAreAnswered() throws Exception {
        String bearer = bearer();
        assertThat(submit("Bearer nope", form("a.txt", new byte[] {1}, METADATA, MediaType.APPLICATION_JSON))
                .status()).isEqualTo(401);
        assertThat(status(bearer, "unknown").status()).isEqualTo(404);
        assertThat(submit(bearer, form("a[fail-422].txt", new byte[] {1}, METADATA, MediaType.APPLICATION_JSON))
                .status()).isEqualTo(422);
        Answer flaky = submit(bearer, form("a[flaky-503].txt", new byte[] {1}, METADATA, MediaType.APPLICATION_JSON));
        assertThat(flaky.status()).isEqualTo(503);
        String uid = submit(bearer, form("a[flaky-503].txt", "a".getBytes(UTF_8), METADATA,
                MediaType.APPLICATION_JSON)).json().get("uid").asText();
        assertThat(download(bearer, uid, "MT_GENERIC_PRETRANSLATE", "de", null).status()).isEqualTo(400);
        assertThat(download(bearer, uid, "MT_GENERIC_PRETRANSLATE", "de", "application/json").status())
                .isEqualTo(400);
    }

    @Test
    void anExpiredJobIsGoneWithItsFile() throws Exception {
        String bearer = bearer();
        String uid = submit(bearer, form("a.txt", "a".getBytes(UTF_8), METADATA, MediaType.APPLICATION_JSON))
                .json().get("uid").asText();
        Path stored = emulator.storage().resolve(uid);
        assertThat(stored).exists();

        int deleted = sandbox.delete().uri("/translations/" + uid).exchange((request, response) ->
                response.getStatusCode().value());

        assertThat(deleted).isEqualTo(204);
        assertThat(stored).doesNotExist();
        assertThat(status(bearer, uid).status()).isEqualTo(404);
        assertThat(translations()).isEmpty();
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private String bearer() {
        MultiValueMap<String, String> form = new org.springframework.util.LinkedMultiValueMap<>();
        form.add("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange");
        form.add("subject_token", "sandbox-phrase-api-token");
        JsonNode token = http.post().uri("/idm/oauth/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(form).exchange((request, response) -> JSON.readTree(response.getBody().readAllBytes()));
        return "Bearer " + token.get("access_token").asText();
    }

    private JsonNode login() {
        String body = "{\"userName\":\"sandbox-user\",\"password\":\"sandbox-password\","
                + "\"organization\":{\"uid\":\"sandbox-org\"}}";
        return http.post().uri("/smt/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON).body(body)
                .exchange((request, response) -> JSON.readTree(response.getBody().readAllBytes()));
    }

    private static MultiValueMap<String, HttpEntity<?>> form(String name, byte[] content, String metadata,
            MediaType metadataType) {
        MultipartBodyBuilder builder = new MultipartBodyBuilder();
        builder.part("file", new ByteArrayResource(content)).filename(name)
                .contentType(MediaType.APPLICATION_OCTET_STREAM);
        builder.part("metadata", metadata, metadataType);
        return builder.build();
    }

    private Answer submit(String authorization, MultiValueMap<String, HttpEntity<?>> form) {
        return http.post().uri(BASE).header(HttpHeaders.AUTHORIZATION, authorization)
                .contentType(MediaType.MULTIPART_FORM_DATA).body(form)
                .exchange((request, response) -> new Answer(response.getStatusCode().value(), response.getHeaders(),
                        JSON.readTree(response.getBody().readAllBytes())));
    }

    private Answer status(String authorization, String uid) {
        return http.get().uri(BASE + "/" + uid).header(HttpHeaders.AUTHORIZATION, authorization)
                .exchange((request, response) -> new Answer(response.getStatusCode().value(), response.getHeaders(),
                        JSON.readTree(response.getBody().readAllBytes())));
    }

    private Download download(String authorization, String uid, String action, String language, String accept) {
        return http.get().uri(BASE + "/" + uid + "/" + action + "/" + language)
                .headers(headers -> {
                    headers.set(HttpHeaders.AUTHORIZATION, authorization);
                    if (accept != null) {
                        headers.set(HttpHeaders.ACCEPT, accept);
                    }
                })
                .exchange((request, response) -> new Download(response.getStatusCode().value(),
                        response.getHeaders(), response.getBody().readAllBytes()));
    }

    private JsonNode translations() {
        return sandbox.get().uri("/translations").exchange((request, response) ->
                JSON.readTree(response.getBody().readAllBytes()));
    }

    private record Answer(int status, HttpHeaders headers, JsonNode json) {
    }

    private record Download(int status, HttpHeaders headers, byte[] body) {
    }
}
