package io.filebridge.sandbox.phrase;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.sandbox.SandboxTestApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * If the product config leaves Spring's multipart limit below an upload, the Phrase emulator (still served by Spring
 * MVC on the main port) answers like Phrase, not with Spring's error page. Why: a person trying the sandbox must see
 * the vendor's answer that filebridge has to handle. (The other vendors' emulators run on their own ports, outside
 * Spring's multipart handling; their size limit is tested in SandboxEmulatorsTest.)
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = SandboxTestApplication.class, properties = {
        SandboxTestApplication.ISOLATED_CONFIG,
        "spring.servlet.multipart.max-file-size=1KB"})
@ActiveProfiles("sandbox")
class SpringMultipartLimitTest {

    @LocalServerPort
    private int port;

    @Test
    void springsOwnLimitIsAnsweredAsAPhraseProblem() throws Exception {
        String boundary = "limitBoundary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\n" + "x".repeat(10_000) + "\r\n--" + boundary + "--\r\n";
        HttpRequest request = HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + port + "/sandbox/phrase/connectors/files/v1/async/upload-file"))
                .header("Authorization", "Bearer not-looked-at-before-the-limit")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();

        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        JsonNode problem = new ObjectMapper().readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(413);
        assertThat(problem.get("detail").asText()).isEqualTo("The file is larger than file storage accepts.");
    }
}
