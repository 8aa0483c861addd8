package io.filebridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.FilebridgeApplication;
import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.testsupport.HotFolder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A pipeline that cannot start (its vendor has no credentials) keeps the instance out of service: readiness answers
 * 503 naming the pipeline and what to set, while liveness stays UP (a restart would not fix configuration). The
 * details are the operator's: no password is set and the calls come from loopback.
 */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RefusedPipelineProbesTest {

    static final HotFolder folder = HotFolder.create("ops-refused");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "no-credentials.camel.yaml");
        registry.add("filebridge.vendors.sendcloud.public-key", () -> "");
        registry.add("filebridge.vendors.sendcloud.secret-key", () -> "");
        registry.add("filebridge.vendors.sendcloud.client-id", () -> "");
        registry.add("filebridge.vendors.sendcloud.client-secret", () -> "");
    }

    @LocalServerPort
    int port;

    @Test
    void readinessIsDownNamingThePipelineAndLivenessStaysUp() throws Exception {
        HttpResponse<String> readiness = get("/actuator/health/readiness");
        HttpResponse<String> liveness = get("/actuator/health/liveness");

        assertThat(readiness.statusCode()).isEqualTo(503);
        JsonNode body = new ObjectMapper().readTree(readiness.body());
        assertThat(body.path("status").asText()).isEqualTo("DOWN");
        JsonNode pipelines = body.path("components").path("pipelines");
        assertThat(pipelines.path("status").asText()).isEqualTo("DOWN");
        assertThat(pipelines.path("details").path("needs-sendcloud").path("problems").toString())
                .contains("SENDCLOUD_SECRET_KEY");
        // the refused pipeline does not run, so Camel and the vendor view have nothing against it
        assertThat(body.path("components").path("camelHealth").path("status").asText()).isEqualTo("UP");
        assertThat(body.path("components").path("vendors").path("details").path("sendcloud").path("usedBy"))
                .isEmpty();
        assertThat(liveness.statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
