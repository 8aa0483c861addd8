package io.filebridge.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.testsupport.HotFolder;
import io.filebridge.testsupport.MultipartBody;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ActiveProfiles;

/**
 * The Sendcloud, Serial and Aymara emulators as the sandbox application runs them, seen from the main port: Spring's
 * multipart limit does not reach them, and the listings keep the JSON names a person (and the docs) rely on.
 *
 * <p>Why: the emulators used to be Spring MVC controllers, whose uploads Spring's own multipart limit could refuse
 * before the vendor's answer; and the listings are now records serialized by Spring's Jackson, whose names must not
 * drift. (Same application setup as {@code phrase.SpringMultipartLimitTest}, so both share one Spring context: the
 * uploads are told apart by unique names.)
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = SandboxTestApplication.class, properties = {
        SandboxTestApplication.ISOLATED_CONFIG,
        "spring.servlet.multipart.max-file-size=1KB"})
@ActiveProfiles("sandbox")
class SandboxMainPortTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final String SENDCLOUD = "Basic " + Base64.getEncoder()
            .encodeToString("sandbox-public:sandbox-secret".getBytes(UTF_8));

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    @LocalServerPort
    private int port;
    @Autowired
    private Environment environment;

    /**
     * An upload over {@code spring.servlet.multipart.max-file-size} is the emulator's to judge: Sendcloud accepts it.
     * (Formerly: Spring refused it and an advice answered Sendcloud's 413; now Spring never sees it, and the
     * emulator's own limit answers 413 in Sendcloud's envelope, see SandboxEmulatorsTest.)
     */
    @Test
    void springsMultipartLimitDoesNotReachTheEmulators() throws Exception {
        String name = "big-" + UUID.randomUUID() + ".txt";

        HttpResponse<String> answer = post(vendorUrl("sendcloud") + "/dsf/files", "Authorization", SENDCLOUD,
                new MultipartBody().file("file", name, "text/plain", "x".repeat(10_000).getBytes(UTF_8)).bytes());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        assertThat(JSON.readTree(answer.body()).get("file_token").asText()).isNotBlank();
        assertThat(find(listing("/sandbox/sendcloud/uploads"), "name", name).get("size").asLong()).isEqualTo(10_000);
    }

    /**
     * Each listing names its fields as before the emulators moved (Sendcloud {@code name}, {@code mime_type},
     * {@code file_token}, {@code auth}, {@code received_at} in UTC; Serial {@code file_name}, {@code mimetype},
     * {@code id}; Aymara {@code name}, {@code file_uuid}, {@code workspace_uuid}, {@code auth}), keeps raw UTF-8 file
     * names, lists the newest first, and finds one Aymara upload by its {@code file_uuid}.
     */
    @Test
    void listingsKeepTheirJsonNamesAndShowTheNewestFirst() throws Exception {
        String run = UUID.randomUUID().toString();
        String sendcloudName = "Žluťoučký kůň – 東京 отчёт " + run + ".pdf";
        byte[] pdf = "%PDF-1.7 sandbox".getBytes(UTF_8);
        String token = JSON.readTree(post(vendorUrl("sendcloud") + "/dsf/files", "Authorization", SENDCLOUD,
                new MultipartBody().file("file", sendcloudName, "application/pdf", pdf).bytes()).body())
                .get("file_token").asText();
        String serialId = JSON.readTree(post(vendorUrl("serial") + "/files", "Authorization",
                "Bearer sandbox-serial-key",
                new MultipartBody().file("file", "first " + run + ".csv", "text/csv", pdf).bytes()).body())
                .get("id").asText();
        post(vendorUrl("serial") + "/files", "Authorization", "Bearer sandbox-serial-key",
                new MultipartBody().file("file", "second " + run + ".csv", "text/csv", pdf).bytes());
        String fileUuid = JSON.readTree(post(vendorUrl("aymara") + "/v2/files/-/uploads", "x-api-key",
                "sandbox-aymara-key", new MultipartBody().file("file", "prompts " + run + ".txt", "text/plain", pdf)
                        .bytes()).body()).get("file_uuid").asText();

        JsonNode sendcloud = find(listing("/sandbox/sendcloud/uploads"), "name", sendcloudName);
        assertThat(sendcloud.get("size").asLong()).isEqualTo(pdf.length);
        assertThat(sendcloud.get("sha256").asText()).isEqualTo(HotFolder.sha256(pdf));
        assertThat(sendcloud.get("mime_type").asText()).isEqualTo("application/pdf");
        assertThat(sendcloud.get("file_token").asText()).isEqualTo(token);
        assertThat(sendcloud.get("auth").asText()).isEqualTo("basic");
        assertThat(sendcloud.get("received_at").asText()).endsWith("Z");
        List<String> serialNames = new ArrayList<>();
        listing("/sandbox/serial/uploads").forEach(u -> serialNames.add(u.get("file_name").asText()));
        assertThat(serialNames).containsSubsequence("second " + run + ".csv", "first " + run + ".csv");
        JsonNode serial = find(listing("/sandbox/serial/uploads"), "file_name", "first " + run + ".csv");
        assertThat(serial.get("id").asText()).isEqualTo(serialId).matches(UUID_PATTERN);
        assertThat(serial.get("mimetype").asText()).isEqualTo("text/csv");
        assertThat(serial.get("sha256").asText()).isEqualTo(HotFolder.sha256(pdf));
        JsonNode aymara = listing("/sandbox/aymara/uploads/" + fileUuid);
        assertThat(aymara.get("file_uuid").asText()).isEqualTo(fileUuid);
        assertThat(aymara.get("name").asText()).isEqualTo("prompts " + run + ".txt");
        assertThat(aymara.get("sha256").asText()).isEqualTo(HotFolder.sha256(pdf));
        assertThat(aymara.get("auth").asText()).isEqualTo("x-api-key");
        assertThat(aymara.has("workspace_uuid")).isTrue(); // null: the sandbox clears the workspace
        assertThat(find(listing("/sandbox/aymara/uploads"), "file_uuid", fileUuid)).isEqualTo(aymara);
    }

    private String vendorUrl(String vendor) {
        return environment.getRequiredProperty("filebridge.vendors." + vendor + ".base-url");
    }

    private HttpResponse<String> post(String url, String header, String value, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header(header, value)
                .header("Content-Type", MultipartBody.contentType()).POST(BodyPublishers.ofByteArray(body)).build(),
                BodyHandlers.ofString());
    }

    private JsonNode listing(String path) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).build(), BodyHandlers.ofString(UTF_8));
        assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private static JsonNode find(JsonNode uploads, String field, String value) {
        for (JsonNode upload : uploads) {
            if (value.equals(upload.path(field).asText())) {
                return upload;
            }
        }
        throw new AssertionError(field + " " + value + " not listed: " + uploads);
    }
}
