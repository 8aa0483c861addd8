package io.filebridge.sandbox.emulator;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.sandbox.aymara.AymaraEmulator;
import io.filebridge.sandbox.aymara.AymaraUpload;
import io.filebridge.sandbox.serial.SerialEmulator;
import io.filebridge.testsupport.MultipartBody;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Serial and Aymara contract servers catch what the pipeline tests rely on them to catch. */
class SerialAymaraEmulatorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WORKSPACE = "11111111-2222-4333-8444-555555555555";
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final Map<String, String> SERIAL_KEY = Map.of("Authorization",
            "Bearer " + SerialEmulator.API_KEY);
    private static final Map<String, String> AYMARA_KEY = Map.of("x-api-key", AymaraEmulator.API_KEY);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final SerialEmulator serial = new SerialEmulator().start();
    private final AymaraEmulator aymara = new AymaraEmulator(AymaraEmulator.API_KEY,
            AymaraEmulator.BEARER_TOKEN, WORKSPACE).start();

    @AfterEach
    void stop() {
        serial.close();
        aymara.close();
    }

    @Test
    void serialAcceptsACorrectUploadAndAnswersTheFileStorageShape() throws Exception {
        byte[] content = "a,b\n1,2\n".getBytes(UTF_8);

        HttpResponse<String> response = post(serial.baseUrl() + "/files", SERIAL_KEY,
                new MultipartBody().file("file", "data.csv", "text/csv", content).bytes());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = JSON.readTree(response.body());
        for (String required : List.of("name", "id", "updated_at", "created_at", "bucket_id", "last_accessed_at",
                "metadata")) {
            assertThat(body.hasNonNull(required)).as(required).isTrue();
        }
        String id = body.get("id").asText();
        assertThat(id).matches(UUID);
        assertThat(body.get("name").asText()).isEqualTo(id + "/data.csv");
        assertThat(body.get("metadata").get("size").asLong()).isEqualTo(content.length);
        assertThat(body.get("metadata").get("contentLength").asText()).isEqualTo(Integer.toString(content.length));
        assertThat(body.get("metadata").get("mimetype").asText()).isEqualTo("text/csv");
        assertThat(serial.uploads()).singleElement().satisfies(u -> {
            assertThat(u.id()).isEqualTo(id);
            assertThat(u.name()).isEqualTo(body.get("name").asText());
            assertThat(u.filename()).isEqualTo("data.csv");
            assertThat(u.contentType()).isEqualTo("text/csv");
            assertThat(u.sha256()).isEqualTo(io.filebridge.testsupport.HotFolder.sha256(content));
        });
        assertThat(serial.violations()).isEmpty();
    }

    @Test
    void serialFlagsOctetStreamForAKnownTypeAndAnswersBadKeysWith401WithoutBody() throws Exception {
        HttpResponse<String> octet = post(serial.baseUrl() + "/files", SERIAL_KEY,
                new MultipartBody().file("file", "scan.PNG", "application/octet-stream", new byte[] {1}).bytes());
        HttpResponse<String> unknownType = post(serial.baseUrl() + "/files", SERIAL_KEY,
                new MultipartBody().file("file", "part.dat", "application/octet-stream", new byte[] {1}).bytes());
        HttpResponse<String> wrongKey = post(serial.baseUrl() + "/files", Map.of("Authorization", "Bearer nope"),
                new MultipartBody().file("file", "a.csv", "text/csv", new byte[] {1}).bytes());
        HttpResponse<String> noKey = post(serial.baseUrl() + "/files", Map.of(),
                new MultipartBody().file("file", "a.csv", "text/csv", new byte[] {1}).bytes());

        assertThat(octet.statusCode()).isEqualTo(400);
        assertThat(unknownType.statusCode()).isEqualTo(200);
        assertThat(wrongKey.statusCode()).isEqualTo(401);
        assertThat(wrongKey.body()).isEmpty();
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(serial.violations()).hasSize(2)
                .anyMatch(v -> v.contains("has Content-Type application/octet-stream, expected image/png"))
                .anyMatch(v -> v.contains("no Authorization header"));
        assertThat(serial.authFailures()).hasSize(1);
    }

    @Test
    void serialCanMisreportTheStoredSizeOnce() throws Exception {
        serial.misreportNextSize(1);
        byte[] body = new MultipartBody().file("file", "a.txt", "text/plain", "twelve bytes".getBytes(UTF_8)).bytes();

        JsonNode first = JSON.readTree(post(serial.baseUrl() + "/files", SERIAL_KEY, body).body());
        JsonNode second = JSON.readTree(post(serial.baseUrl() + "/files", SERIAL_KEY, body).body());

        assertThat(first.get("metadata").get("size").asLong()).isEqualTo(1);
        assertThat(first.get("metadata").get("contentLength").asText()).isEqualTo("1");
        assertThat(second.get("metadata").get("size").asLong()).isEqualTo(12);
    }

    @Test
    void aymaraAcceptsEitherCredentialWithTheExpectedWorkspace() throws Exception {
        byte[] body = new MultipartBody().file("file", "a.pdf", "application/pdf", new byte[] {1}).bytes();

        HttpResponse<String> byKey = post(aymaraUpload("?workspace_uuid=" + WORKSPACE), AYMARA_KEY, body);
        HttpResponse<String> byBoth = post(aymaraUpload("?workspace_uuid=" + WORKSPACE), Map.of("x-api-key",
                AymaraEmulator.API_KEY, "Authorization", "Bearer " + AymaraEmulator.BEARER_TOKEN), body);

        assertThat(byKey.statusCode()).isEqualTo(200);
        assertThat(byBoth.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(byKey.body());
        String fileUuid = answer.get("file_uuid").asText();
        assertThat(fileUuid).matches(UUID);
        assertThat(answer.get("remote_file_path").asText()).isEqualTo(WORKSPACE + "/" + fileUuid + "/a.pdf");
        assertThat(answer.has("local_file_path")).isTrue();
        assertThat(aymara.uploads().get(0)).satisfies(upload -> {
            assertThat(upload.fileUuid()).isEqualTo(fileUuid);
            assertThat(upload.filename()).isEqualTo("a.pdf");
            assertThat(upload.workspaceUuid()).isEqualTo(WORKSPACE);
            assertThat(upload.sha256()).isEqualTo(io.filebridge.testsupport.HotFolder.sha256(new byte[] {1}));
        });
        assertThat(aymara.uploads()).extracting(AymaraUpload::auth)
                .containsExactly("x-api-key", "x-api-key+bearer");
        assertThat(aymara.violations()).isEmpty();
    }

    @Test
    void aymaraFlagsAMissingOrWrongWorkspaceAndAnswersBadCredentialsInItsEnvelope() throws Exception {
        byte[] body = new MultipartBody().file("file", "a.pdf", "application/pdf", new byte[] {1}).bytes();

        HttpResponse<String> noWorkspace = post(aymaraUpload(""), AYMARA_KEY, body);
        HttpResponse<String> otherWorkspace = post(aymaraUpload("?workspace_uuid=x&extra=1"), AYMARA_KEY, body);
        HttpResponse<String> wrongToken = post(aymaraUpload("?workspace_uuid=" + WORKSPACE),
                Map.of("Authorization", "Bearer nope"), body);

        assertThat(noWorkspace.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(noWorkspace.body()).get("error").get("code").asText())
                .isEqualTo("validation.invalid_request");
        assertThat(otherWorkspace.statusCode()).isEqualTo(422);
        assertThat(wrongToken.statusCode()).isEqualTo(401);
        JsonNode denied = JSON.readTree(wrongToken.body());
        assertThat(denied.get("error").get("code").asText()).isEqualTo("auth.invalid_key");
        assertThat(denied.get("request_id").asText()).startsWith("req_");
        assertThat(aymara.violations())
                .anyMatch(v -> v.contains("workspace_uuid is (none), expected \"" + WORKSPACE + "\""))
                .anyMatch(v -> v.contains("workspace_uuid is \"x\""))
                .anyMatch(v -> v.contains("unexpected query parameter \"extra\""));
        assertThat(aymara.authFailures()).hasSize(1);
        assertThat(aymara.uploads()).isEmpty();
    }

    /**
     * Serial documents no 401 body: a missing key, a wrong one and another scheme all get a bare 401, and nothing is
     * stored. Why: filebridge must not depend on a body Serial does not send.
     */
    @Test
    void serialAnswersEveryMissingOrWrongKeyWith401WithoutABody() throws Exception {
        byte[] body = new MultipartBody().file("file", "a.csv", "text/csv", new byte[] {1}).bytes();
        List<Map<String, String>> refused = List.of(Map.of(), Map.of("Authorization", "Bearer wrong"),
                Map.of("Authorization", "Basic " + java.util.Base64.getEncoder()
                        .encodeToString((SerialEmulator.API_KEY + ":").getBytes(UTF_8))));

        for (Map<String, String> headers : refused) {
            HttpResponse<String> answer = post(serial.baseUrl() + "/files", headers, body);

            assertThat(answer.statusCode()).as(headers.toString()).isEqualTo(401);
            assertThat(answer.body()).as(headers.toString()).isEmpty();
        }
        assertThat(serial.uploads()).isEmpty();
    }

    /**
     * Either Aymara credential is enough, but every one sent must be right: none, a wrong key, or a right key with a
     * wrong bearer token all get 401 in Aymara's envelope. Why: filebridge may send both, and a wrong one must not
     * slip through because the other is right.
     */
    @Test
    void aymaraNeedsEveryCredentialSentToBeRight() throws Exception {
        byte[] body = new MultipartBody().file("file", "a.pdf", "application/pdf", new byte[] {1}).bytes();
        String url = aymaraUpload("?workspace_uuid=" + WORKSPACE);

        HttpResponse<String> byToken = post(url, Map.of("Authorization", "Bearer " + AymaraEmulator.BEARER_TOKEN),
                body);
        List<HttpResponse<String>> refused = List.of(post(url, Map.of(), body),
                post(url, Map.of("x-api-key", "wrong"), body),
                post(url, Map.of("x-api-key", AymaraEmulator.API_KEY, "Authorization", "Bearer wrong"), body));

        assertThat(byToken.statusCode()).isEqualTo(200);
        for (HttpResponse<String> answer : refused) {
            assertAymaraError(answer, 401, "auth.invalid_key");
        }
        assertThat(aymara.uploads()).extracting(AymaraUpload::auth).containsExactly("bearer");
    }

    /**
     * A body without the file part is refused by both (Serial 400, Aymara 422 {@code validation.invalid_request}), and
     * a {@code workspace_uuid} that is no UUID gets Aymara's {@code validation.invalid_format}. Why: these are the
     * answers filebridge files under "permanent failure", and nothing may be stored.
     */
    @Test
    void serialAndAymaraRefuseAMissingFilePartAndAymaraAMalformedWorkspace() throws Exception {
        byte[] noFile = new MultipartBody().field("note", "no file").bytes();

        HttpResponse<String> serialAnswer = post(serial.baseUrl() + "/files", SERIAL_KEY, noFile);
        HttpResponse<String> aymaraAnswer = post(aymaraUpload("?workspace_uuid=" + WORKSPACE), AYMARA_KEY, noFile);
        HttpResponse<String> notAUuid = post(aymaraUpload("?workspace_uuid=not-a-uuid"), AYMARA_KEY,
                new MultipartBody().file("file", "a.txt", "text/plain", new byte[] {1}).bytes());

        assertThat(serialAnswer.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(serialAnswer.body()).get("error").asText()).isEqualTo("Bad Request");
        assertAymaraError(aymaraAnswer, 422, "validation.invalid_request");
        assertAymaraError(notAUuid, 422, "validation.invalid_format");
        assertThat(serial.uploads()).isEmpty();
        assertThat(aymara.uploads()).isEmpty();
        assertThat(serial.violations()).anyMatch(v -> v.contains("named \"note\", expected \"file\""));
        assertThat(aymara.violations()).anyMatch(v -> v.contains("workspace_uuid is \"not-a-uuid\""));
    }

    /** Aymara's envelope: the code, a message, and the request id both inside and outside {@code error}. */
    static void assertAymaraError(HttpResponse<String> answer, int status, String code) throws Exception {
        assertThat(answer.statusCode()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("error").get("code").asText()).isEqualTo(code);
        assertThat(body.get("error").get("message").asText()).isNotBlank();
        assertThat(body.get("request_id").asText()).startsWith("req_");
    }

    private String aymaraUpload(String query) {
        return aymara.baseUrl() + AymaraEmulator.UPLOAD_PATH + query;
    }

    private HttpResponse<String> post(String url, Map<String, String> headers, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", MultipartBody.contentType())
                .POST(BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return http.send(request.build(), BodyHandlers.ofString());
    }
}
