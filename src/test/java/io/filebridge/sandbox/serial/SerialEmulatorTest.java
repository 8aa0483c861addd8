package io.filebridge.sandbox.serial;

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

/** The same application setup as AymaraEmulatorTest, so both share one Spring context. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = SandboxTestApplication.class, properties = {
        SandboxTestApplication.ISOLATED_CONFIG,
        "filebridge.sandbox.serial.max-file-size=64KB",
        "filebridge.sandbox.aymara.max-file-size=64KB"})
@ActiveProfiles("sandbox")
class SerialEmulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "Bearer sandbox-serial-key";

    @LocalServerPort
    private int port;
    @Autowired
    private SerialEmulatorController emulator;
    private RestClient http;

    @BeforeEach
    void setUp() {
        emulator.reset();
        http = RestClient.builder()
                .baseUrl("http://127.0.0.1:" + port + "/sandbox/serial")
                .requestFactory(new JdkClientHttpRequestFactory(
                        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()))
                .build();
    }

    @Test
    void acceptsAFileAndAnswersTheFileStorageShape() throws Exception {
        byte[] content = "%PDF-1.7 torque".getBytes(UTF_8);

        Answer answer = upload(KEY, file("torque report.pdf", MediaType.APPLICATION_PDF, content));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.headers().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        JsonNode body = answer.json();
        for (String required : new String[] {"name", "id", "updated_at", "created_at", "bucket_id",
                "last_accessed_at", "metadata"}) {
            assertThat(body.hasNonNull(required)).as(required).isTrue();
        }
        String id = body.get("id").asText();
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(body.get("name").asText()).isEqualTo(id + "/torque report.pdf");
        assertThat(body.get("metadata").get("size").asLong()).isEqualTo(content.length);
        assertThat(body.get("metadata").get("contentLength").asText()).isEqualTo(Integer.toString(content.length));
        assertThat(body.get("metadata").get("mimetype").asText()).isEqualTo("application/pdf");
        JsonNode received = uploads().get(0);
        assertThat(received.get("file_name").asText()).isEqualTo("torque report.pdf");
        assertThat(received.get("sha256").asText()).isEqualTo(sha256(content));
        assertThat(received.get("id").asText()).isEqualTo(id);
        assertThat(received.get("mimetype").asText()).isEqualTo("application/pdf");
    }

    @Test
    void wrongOrMissingKeysAre401WithoutABody() throws Exception {
        for (String authorization : new String[] {null, "Bearer wrong", "Basic c2FuZGJveC1zZXJpYWwta2V5Og=="}) {
            Answer answer = upload(authorization, file("a.csv", MediaType.TEXT_PLAIN, new byte[] {1}));

            assertThat(answer.status()).as(authorization).isEqualTo(401);
            assertThat(answer.raw()).isEmpty();
        }
        assertThat(uploads()).isEmpty();
    }

    @Test
    void missingFilePartIs400AndOversizedFilesAre413() throws Exception {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("note", "no file");

        assertThat(upload(KEY, form).status()).isEqualTo(400);
        assertThat(upload(KEY, file("big.bin", MediaType.APPLICATION_OCTET_STREAM, new byte[64 * 1024 + 1]))
                .status()).isEqualTo(413);
        assertThat(uploads()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"scan[fail-401].png, 401, 401", "scan[fail-500].png, 500, 500", "scan[fail-413].png, 413, 413",
        "scan[flaky-503].png, 503, 200", "scan[rate-429].png, 429, 200"})
    void faultMarkers(String name, int first, int second) throws Exception {
        Answer one = upload(KEY, file(name, MediaType.IMAGE_PNG, new byte[] {1}));
        Answer two = upload(KEY, file(name, MediaType.IMAGE_PNG, new byte[] {1}));

        assertThat(one.status()).isEqualTo(first);
        assertThat(two.status()).isEqualTo(second);
        if (first == 429) {
            assertThat(one.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        }
        if (first == 401) {
            assertThat(one.raw()).isEmpty();
        }
    }

    @Test
    void listsUploadsNewestFirst() throws Exception {
        upload(KEY, file("first.txt", MediaType.TEXT_PLAIN, new byte[] {1}));
        upload(KEY, file("second.txt", MediaType.TEXT_PLAIN, new byte[] {2}));

        assertThat(uploads()).extracting(u -> u.get("file_name").asText()).containsExactly("second.txt", "first.txt");
    }

    private Answer upload(String authorization, MultiValueMap<String, ?> form) {
        return http.post().uri("/files")
                .headers(headers -> {
                    if (authorization != null) {
                        headers.set(HttpHeaders.AUTHORIZATION, authorization);
                    }
                })
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(form)
                .exchange((request, response) -> new Answer(response.getStatusCode().value(), response.getHeaders(),
                        text(response.getBody())));
    }

    private JsonNode uploads() {
        return http.get().uri("/uploads").exchange((request, response) -> JSON.readTree(text(response.getBody())));
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
