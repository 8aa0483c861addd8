package io.filebridge.sandbox.sendcloud;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.sandbox.SandboxTestApplication;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Consumer;
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
        "filebridge.sandbox.sendcloud.max-file-size=64KB"})
@ActiveProfiles("sandbox")
class SendcloudEmulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASIC = basic("sandbox-public", "sandbox-secret");
    private static final String PDF_HEX = HexFormat.of().formatHex("application/pdf".getBytes(UTF_8));

    @LocalServerPort
    private int port;
    @Autowired
    private SendcloudEmulatorController emulator;
    private RestClient http;

    @BeforeEach
    void setUp() {
        emulator.reset();
        http = RestClient.builder()
                .baseUrl("http://127.0.0.1:" + port + "/sandbox/sendcloud")
                .requestFactory(new JdkClientHttpRequestFactory(
                        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()))
                .build();
    }

    @Test
    void acceptsAFileAndAnswersATokenThatEmbedsItsMimeType() throws Exception {
        byte[] content = "%PDF-1.7 sandbox".getBytes(UTF_8);

        Answer answer = upload(BASIC, file("invoice.pdf", MediaType.APPLICATION_PDF, content));

        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.headers().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        String token = answer.json().get("file_token").asText();
        assertThat(token).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-" + PDF_HEX);
        JsonNode received = uploads().get(0);
        assertThat(received.get("name").asText()).isEqualTo("invoice.pdf");
        assertThat(received.get("size").asLong()).isEqualTo(content.length);
        assertThat(received.get("sha256").asText()).isEqualTo(sha256(content));
        assertThat(received.get("mime_type").asText()).isEqualTo("application/pdf");
        assertThat(received.get("file_token").asText()).isEqualTo(token);
        assertThat(received.get("auth").asText()).isEqualTo("basic");
        assertThat(received.get("received_at").asText()).endsWith("Z");
    }

    @Test
    void listsUploadsNewestFirst() throws Exception {
        upload(BASIC, file("first.txt", MediaType.TEXT_PLAIN, new byte[] {1}));
        upload(BASIC, file("second.txt", MediaType.TEXT_PLAIN, new byte[] {2}));

        JsonNode uploads = uploads();

        assertThat(uploads).hasSize(2);
        assertThat(uploads.get(0).get("name").asText()).isEqualTo("second.txt");
        assertThat(uploads.get(1).get("name").asText()).isEqualTo("first.txt");
    }

    @Test
    void missingFilePartIs400() throws Exception {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("note", "no file here");

        assertError(upload(BASIC, form), 400, "bad_request", "Bad Request", "`file` form field is required");
    }

    @Test
    void textFieldNamedFileIs422() throws Exception {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("file", "just text");

        assertError(upload(BASIC, form), 422, "unprocessable_content", "Unprocessable Content",
                "`file` field must contain a file object.");
    }

    @Test
    void fileOverTheConfiguredMaximumIs413() throws Exception {
        Answer answer = upload(BASIC, file("big.bin", MediaType.APPLICATION_OCTET_STREAM, new byte[64 * 1024 + 1]));

        assertError(answer, 413, "content_too_large", "Content Too Large", "File is too large.");
        assertThat(upload(BASIC, file("fits.bin", MediaType.APPLICATION_OCTET_STREAM, new byte[64 * 1024])).status())
                .isEqualTo(201);
    }

    @Test
    void wrongOrMissingCredentialsAre401() throws Exception {
        assertError(upload(basic("sandbox-public", "wrong"), file("a.pdf", MediaType.APPLICATION_PDF, new byte[1])),
                401, "unauthorized", "Unauthorized", null);
        assertError(upload(null, file("a.pdf", MediaType.APPLICATION_PDF, new byte[1])),
                401, "unauthorized", "Unauthorized", null);
        assertError(upload("Bearer ory_at_never_issued", file("a.pdf", MediaType.APPLICATION_PDF, new byte[1])),
                401, "unauthorized", "Unauthorized", null);
        assertThat(uploads()).isEmpty();
    }

    @Test
    void oauth2ClientCredentialsGiveABearerTokenForUploads() throws Exception {
        Answer token = token(basic("sandbox-client", "sandbox-client-secret"), "client_credentials", "api");

        assertThat(token.status()).isEqualTo(200);
        assertThat(token.headers().getCacheControl()).isEqualTo("no-store");
        assertThat(token.json().get("access_token").asText()).startsWith("ory_at_");
        assertThat(token.json().get("expires_in").asLong()).isEqualTo(3600);
        assertThat(token.json().get("token_type").asText()).isEqualTo("bearer");
        assertThat(token.json().get("scope").asText()).isEqualTo("api");
        Answer answer = upload("Bearer " + token.json().get("access_token").asText(),
                file("a.pdf", MediaType.APPLICATION_PDF, new byte[] {1}));
        assertThat(answer.status()).isEqualTo(201);
        assertThat(uploads().get(0).get("auth").asText()).isEqualTo("bearer");
    }

    @Test
    void tokenEndpointRejectsWrongClientsAndGrants() throws Exception {
        Answer wrongClient = token(basic("sandbox-client", "wrong"), "client_credentials", "api");
        Answer noClient = token(null, "client_credentials", "api");
        Answer wrongGrant = token(basic("sandbox-client", "sandbox-client-secret"), "password", null);

        assertThat(wrongClient.status()).isEqualTo(401);
        assertThat(wrongClient.json().get("error").asText()).isEqualTo("invalid_client");
        assertThat(wrongClient.json().get("error_description").asText()).isNotBlank();
        assertThat(noClient.status()).isEqualTo(401);
        assertThat(wrongGrant.status()).isEqualTo(400);
        assertThat(wrongGrant.json().get("error").asText()).isEqualTo("unsupported_grant_type");
    }

    @Test
    void the31stUploadWithinAMinuteIs429() throws Exception {
        for (int i = 1; i <= 30; i++) {
            assertThat(upload(BASIC, file("f" + i + ".txt", MediaType.TEXT_PLAIN, new byte[] {1})).status())
                    .as("upload %d", i).isEqualTo(201);
        }

        Answer answer = upload(BASIC, file("f31.txt", MediaType.TEXT_PLAIN, new byte[] {1}));

        assertError(answer, 429, "hit_rate_limit", "Rate limit exceeded", "Rate limit exceeded: 30 per 1 minute");
        assertThat(answer.headers().containsKey(HttpHeaders.RETRY_AFTER)).isFalse();
        assertThat(uploads()).hasSize(30);
    }

    @ParameterizedTest
    @CsvSource({
        "report[fail-400].pdf, 400, bad_request",
        "report[fail-401].pdf, 401, unauthorized",
        "report[FAIL-413].pdf, 413, content_too_large",
        "report[fail-422].pdf, 422, unprocessable_content",
        "report[fail-500].pdf, 500, internal_server_error"})
    void failMarkersAlwaysAnswerTheirStatus(String name, int status, String code) throws Exception {
        for (int attempt = 1; attempt <= 2; attempt++) {
            Answer answer = upload(BASIC, file(name, MediaType.APPLICATION_PDF, new byte[] {1}));

            assertThat(answer.status()).as("attempt %d", attempt).isEqualTo(status);
            assertThat(answer.json().get("errors").get(0).get("code").asText()).isEqualTo(code);
            assertThat(answer.json().get("errors").get(0).get("status").asInt()).isEqualTo(status);
        }
        assertThat(uploads()).isEmpty();
    }

    @Test
    void flakyMarkerFailsOnceWith503() throws Exception {
        Consumer<Integer> expect = status -> assertThat(
                upload(BASIC, file("scan[flaky-503].png", MediaType.IMAGE_PNG, new byte[] {1})).status())
                .isEqualTo(status);

        expect.accept(503);
        expect.accept(201);
        expect.accept(201);
    }

    @Test
    void rateMarkerAnswers429OnceWithRetryAfter() throws Exception {
        Answer first = upload(BASIC, file("batch[rate-429].csv", MediaType.TEXT_PLAIN, new byte[] {1}));
        Answer second = upload(BASIC, file("batch[rate-429].csv", MediaType.TEXT_PLAIN, new byte[] {1}));

        assertError(first, 429, "hit_rate_limit", "Rate limit exceeded", "Rate limit exceeded: 30 per 1 minute");
        assertThat(first.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        assertThat(second.status()).isEqualTo(201);
    }

    @Test
    void rawUtf8FileNamesRoundTrip() throws Exception {
        String name = "Žluťoučký kůň – 東京 отчёт (1).pdf";
        String boundary = "sandboxBoundary42";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: application/pdf\r\n\r\n%PDF\r\n--" + boundary + "--\r\n").getBytes(UTF_8));

        int status = http.post().uri("/api/v3/dsf/files")
                .header(HttpHeaders.AUTHORIZATION, BASIC)
                .contentType(MediaType.parseMediaType("multipart/form-data; boundary=" + boundary))
                .body(body.toByteArray())
                .exchange((request, response) -> response.getStatusCode().value());

        assertThat(status).isEqualTo(201);
        assertThat(uploads().get(0).get("name").asText()).isEqualTo(name);
    }

    private Answer upload(String authorization, MultiValueMap<String, ?> form) {
        return http.post().uri("/api/v3/dsf/files")
                .headers(headers -> {
                    if (authorization != null) {
                        headers.set(HttpHeaders.AUTHORIZATION, authorization);
                    }
                })
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(form)
                .exchange((request, response) -> new Answer(response.getStatusCode().value(), response.getHeaders(),
                        json(response.getBody())));
    }

    private Answer token(String authorization, String grantType, String scope) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("grant_type", grantType);
        if (scope != null) {
            form.add("scope", scope);
        }
        return http.post().uri("/oauth2/token")
                .headers(headers -> {
                    if (authorization != null) {
                        headers.set(HttpHeaders.AUTHORIZATION, authorization);
                    }
                })
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(form)
                .exchange((request, response) -> new Answer(response.getStatusCode().value(), response.getHeaders(),
                        json(response.getBody())));
    }

    private JsonNode uploads() {
        return http.get().uri("/uploads").exchange((request, response) -> json(response.getBody()));
    }

    private static MultiValueMap<String, HttpEntity<?>> file(String name, MediaType type,
            byte[] content) {
        MultipartBodyBuilder builder = new MultipartBodyBuilder();
        builder.part("file", new ByteArrayResource(content)).filename(name).contentType(type);
        return builder.build();
    }

    private static void assertError(Answer answer, int status, String code, String title, String detail) {
        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.headers().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(answer.json().get("errors")).hasSize(1);
        JsonNode error = answer.json().get("errors").get(0);
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("title").asText()).isEqualTo(title);
        assertThat(error.get("status").asInt()).isEqualTo(status);
        if (detail != null) {
            assertThat(error.get("detail").asText()).isEqualTo(detail);
        } else {
            assertThat(error.get("detail").asText()).isNotBlank();
        }
    }

    private static JsonNode json(InputStream body) throws IOException {
        return JSON.readTree(body.readAllBytes());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(UTF_8));
    }

    private record Answer(int status, HttpHeaders headers, JsonNode json) {
    }
}
