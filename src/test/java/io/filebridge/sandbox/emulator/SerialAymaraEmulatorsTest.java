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
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Serial and Aymara contract servers catch what the pipeline tests rely on them to catch. */
class SerialAymaraEmulatorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WORKSPACE = "11111111-2222-4333-8444-555555555555";
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
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("metadata").get("size").asLong()).isEqualTo(content.length);
        assertThat(serial.uploads()).singleElement().satisfies(u -> {
            assertThat(u.id()).isEqualTo(body.get("id").asText());
            assertThat(u.name()).isEqualTo(body.get("name").asText());
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
        assertThat(JSON.readTree(byKey.body()).get("file_uuid").asText()).isEqualTo(aymara.uploads().get(0).fileUuid());
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
