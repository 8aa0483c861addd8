package io.filebridge.sandbox.aymara;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.sandbox.SandboxTestApplication;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
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

/** The same application setup as SerialEmulatorTest, so both share one Spring context. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = SandboxTestApplication.class, properties = {
        SandboxTestApplication.ISOLATED_CONFIG,
        "filebridge.sandbox.serial.max-file-size=64KB",
        "filebridge.sandbox.aymara.max-file-size=64KB"})
@ActiveProfiles("sandbox")
class AymaraEmulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WORKSPACE = "0b7e2f3a-1c4d-4e5f-8a9b-0c1d2e3f4a5b";
    private static final Map<String, String> KEY = Map.of("x-api-key", "sandbox-aymara-key");
    private static final Map<String, String> TOKEN = Map.of(HttpHeaders.AUTHORIZATION, "Bearer sandbox-aymara-token");

    @LocalServerPort
    private int port;
    @Autowired
    private AymaraEmulatorController emulator;
    private RestClient http;

    @BeforeEach
    void setUp() {
        emulator.reset();
        http = RestClient.builder()
                .baseUrl("http://127.0.0.1:" + port + "/sandbox/aymara")
                .requestFactory(new JdkClientHttpRequestFactory(
                        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()))
                .build();
    }

    @Test
    void acceptsAFileIntoAWorkspaceAndAnswersItsUuidUrlAndPaths() throws Exception {
        byte[] content = "evaluation prompts".getBytes(UTF_8);

        Answer answer = upload(KEY, "?workspace_uuid=" + WORKSPACE, file("prompts.txt", MediaType.TEXT_PLAIN, content));

        assertThat(answer.status()).isEqualTo(200);
        JsonNode body = answer.json();
        String uuid = body.get("file_uuid").asText();
        assertThat(uuid).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(body.get("remote_file_path").asText()).isEqualTo(WORKSPACE + "/" + uuid + "/prompts.txt");
        assertThat(body.has("local_file_path")).isTrue();
        JsonNode received = uploads().get(0);
        assertThat(received.get("name").asText()).isEqualTo("prompts.txt");
        assertThat(received.get("sha256").asText()).isEqualTo(sha256(content));
        assertThat(received.get("workspace_uuid").asText()).isEqualTo(WORKSPACE);
        assertThat(received.get("auth").asText()).isEqualTo("x-api-key");
        JsonNode viaUrl = http.get().uri(body.get("file_url").asText())
                .exchange((request, response) -> JSON.readTree(text(response.getBody())));
        assertThat(viaUrl.get("file_uuid").asText()).isEqualTo(uuid);
    }

    @Test
    void eitherCredentialIsEnoughButEverySentOneMustBeRight() throws Exception {
        assertThat(upload(TOKEN, "", file("a.txt", MediaType.TEXT_PLAIN, new byte[] {1})).status()).isEqualTo(200);
        assertThat(upload(Map.of("x-api-key", "sandbox-aymara-key", HttpHeaders.AUTHORIZATION,
                "Bearer sandbox-aymara-token"), "", file("b.txt", MediaType.TEXT_PLAIN, new byte[] {1})).status())
                .isEqualTo(200);
        for (Map<String, String> bad : java.util.List.of(Map.<String, String>of(), Map.of("x-api-key", "wrong"),
                Map.of("x-api-key", "sandbox-aymara-key", HttpHeaders.AUTHORIZATION, "Bearer wrong"))) {
            Answer answer = upload(bad, "", file("c.txt", MediaType.TEXT_PLAIN, new byte[] {1}));
            assertError(answer, 401, "auth.invalid_key");
        }
        assertThat(uploads()).extracting(u -> u.get("auth").asText()).containsExactly("x-api-key+bearer", "bearer");
    }

    @Test
    void badRequestsGetTheEnvelope() throws Exception {
        MultiValueMap<String, Object> noFile = new LinkedMultiValueMap<>();
        noFile.add("note", "no file");

        assertError(upload(KEY, "", noFile), 422, "validation.invalid_request");
        assertError(upload(KEY, "?workspace_uuid=not-a-uuid", file("a.txt", MediaType.TEXT_PLAIN, new byte[] {1})),
                422, "validation.invalid_format");
        assertError(upload(KEY, "", file("big.bin", MediaType.APPLICATION_OCTET_STREAM, new byte[64 * 1024 + 1])),
                413, "validation.invalid_request");
        assertThat(uploads()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"data[fail-422].csv, 422, 422, validation.invalid_format",
        "data[fail-500].csv, 500, 500, server.internal_error",
        "data[flaky-503].csv, 503, 200, server.internal_error",
        "data[rate-429].csv, 429, 200, quota.limit_exceeded"})
    void faultMarkers(String name, int first, int second, String code) throws Exception {
        Answer one = upload(KEY, "", file(name, MediaType.TEXT_PLAIN, new byte[] {1}));
        Answer two = upload(KEY, "", file(name, MediaType.TEXT_PLAIN, new byte[] {1}));

        assertError(one, first, code);
        assertThat(two.status()).isEqualTo(second);
        if (first == 429) {
            assertThat(one.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        }
    }

    private Answer upload(Map<String, String> auth, String query, MultiValueMap<String, ?> form) {
        return http.post().uri("/v2/files/-/uploads" + query)
                .headers(headers -> auth.forEach(headers::set))
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(form)
                .exchange((request, response) -> new Answer(response.getStatusCode().value(), response.getHeaders(),
                        text(response.getBody())));
    }

    private JsonNode uploads() {
        return http.get().uri("/uploads").exchange((request, response) -> JSON.readTree(text(response.getBody())));
    }

    private static void assertError(Answer answer, int status, String code) throws IOException {
        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.headers().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        JsonNode body = answer.json();
        assertThat(body.get("error").get("code").asText()).isEqualTo(code);
        assertThat(body.get("error").get("message").asText()).isNotBlank();
        assertThat(body.get("request_id").asText()).startsWith("req_");
    }

    private static MultiValueMap<String, HttpEntity<?>> file(String name, MediaType type, byte[] content) {
        MultipartBodyBuilder builder = new MultipartBodyBuilder();
        builder.part("file", new ByteArrayResource(content)).filename(name).contentType(type);
        return builder.build();
    }

    private static String text(InputStream body) throws IOException {
        return new String(body.readAllBytes(), UTF_8);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private record Answer(int status, HttpHeaders headers, String raw) {
        JsonNode json() throws IOException {
            return JSON.readTree(raw);
        }
    }
}
