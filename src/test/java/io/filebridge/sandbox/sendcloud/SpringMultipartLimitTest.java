package io.filebridge.sandbox.sendcloud;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.sandbox.SandboxTestApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** If the product config leaves Spring's multipart limit below an upload, the emulator still answers like Sendcloud. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = SandboxTestApplication.class, properties = {
        SandboxTestApplication.ISOLATED_CONFIG,
        "spring.servlet.multipart.max-file-size=1KB"})
@ActiveProfiles("sandbox")
class SpringMultipartLimitTest {

    @LocalServerPort
    private int port;

    @Test
    void springsOwnLimitIsAnsweredInSendcloudsEnvelope() throws Exception {
        String boundary = "limitBoundary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\n" + "x".repeat(10_000) + "\r\n--" + boundary + "--\r\n";
        HttpRequest request = HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + port + "/sandbox/sendcloud/api/v3/dsf/files"))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("sandbox-public:sandbox-secret".getBytes(UTF_8)))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();

        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        JsonNode error = new ObjectMapper().readTree(response.body()).get("errors").get(0);
        assertThat(error.get("code").asText()).isEqualTo("content_too_large");
        assertThat(error.get("detail").asText()).isEqualTo("File is too large.");
    }
}
