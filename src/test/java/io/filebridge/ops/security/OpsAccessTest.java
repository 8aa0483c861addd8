package io.filebridge.ops.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.FilebridgeApplication;
import io.filebridge.ops.api.ApiClient;
import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.testsupport.HotFolder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With filebridge.ops.password set: HTTP Basic for the API, the page and the actuator; probes and callbacks open,
 * the probes' details only for the operator.
 */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class OpsAccessTest {

    static final String PASSWORD = "pw-" + java.util.UUID.randomUUID();
    static final SendcloudEmulator sendcloud = new SendcloudEmulator().start();
    static final HotFolder folder = HotFolder.create("ops-access");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "sendcloud.camel.yaml");
        PipelineTestSettings.sendcloud(registry, sendcloud);
        registry.add("filebridge.ops.username", () -> "operator");
        registry.add("filebridge.ops.password", () -> PASSWORD);
        registry.add("management.endpoints.web.exposure.include", () -> "health,info");
    }

    @AfterAll
    static void stopServer() {
        sendcloud.close();
    }

    @LocalServerPort
    int port;

    @Test
    void requestsWithoutTheOperatorsCredentialsAreRefused() {
        ApiClient anonymous = new ApiClient(port);
        ApiClient.Answer refused = anonymous.get("/api/pipelines");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(anonymous.post("/api/jobs/1/retry").status()).isEqualTo(401);
        assertThat(anonymous.post("/api/pipelines/sendcloud-test/pause").status()).isEqualTo(401);
        assertThat(anonymous.get("/").status()).isEqualTo(401);
        assertThat(anonymous.get("/actuator/info").status()).isEqualTo(401);
        HttpRequest.Builder challenge = anonymous.request("/api/jobs");
        assertThat(anonymous.send(challenge.GET()).status()).isEqualTo(401);

        assertThat(new ApiClient(port, "operator", "wrong").get("/api/pipelines").status()).isEqualTo(401);
        assertThat(new ApiClient(port, "ops", PASSWORD).get("/api/pipelines").status()).as("default user name")
                .isEqualTo(401);
    }

    @Test
    void theOperatorsCredentialsAreAccepted() {
        ApiClient operator = new ApiClient(port, "operator", PASSWORD);
        ApiClient.Answer pipelines = operator.get("/api/pipelines");
        assertThat(pipelines.status()).isEqualTo(200);
        assertThat(pipelines.json().get(0).path("id").asText()).isEqualTo("sendcloud-test");
        assertThat(operator.get("/api/jobs").status()).isEqualTo(200);
        assertThat(operator.get("/actuator/info").status()).isEqualTo(200);
        ApiClient.Answer paused = operator.post("/api/pipelines/sendcloud-test/pause");
        assertThat(paused.status()).isEqualTo(200);
        assertThat(paused.json().path("state").asText()).isEqualTo("PAUSED");
        assertThat(operator.post("/api/pipelines/sendcloud-test/resume").json().path("state").asText())
                .isEqualTo("RUNNING");
    }

    @Test
    void healthProbesAndCallbacksNeedNoCredentials() {
        ApiClient anonymous = new ApiClient(port);
        // Camel's consumer check keeps health DOWN until the intake has polled once: wait for UP, not just "not 401"
        await().atMost(Duration.ofSeconds(30)).until(() -> anonymous.get("/actuator/health").status() == 200);
        assertThat(anonymous.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/health/readiness").status()).isEqualTo(200);
        // the callback controller's own answer to an unknown token, not the access rules'
        ApiClient.Answer callback = anonymous.send(anonymous.request("/callbacks/phrase/unknown-token")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(callback.status()).isEqualTo(404);
    }

    @Test
    void anonymousHealthCallsGetTheStatusOnlyAndTheOperatorSeesTheDetails() throws Exception {
        ApiClient anonymous = new ApiClient(port);
        ApiClient operator = new ApiClient(port, "operator", PASSWORD);
        await().atMost(Duration.ofSeconds(30)).until(() -> anonymous.get("/actuator/health").status() == 200);

        for (String probe : new String[] {"/actuator/health/readiness", "/actuator/health/liveness"}) {
            ApiClient.Answer status = anonymous.get(probe);
            assertThat(status.status()).as(probe).isEqualTo(200);
            assertThat(status.json()).as(probe).isEqualTo(new ObjectMapper().readTree("{\"status\":\"UP\"}"));
        }
        // Spring Boot names the probe groups at the root whatever the caller may see; no component, no detail
        assertThat(anonymous.get("/actuator/health").json()).isEqualTo(new ObjectMapper().readTree(
                "{\"status\":\"UP\",\"groups\":[\"liveness\",\"readiness\"]}"));
        JsonNode details = operator.get("/actuator/health/readiness").json();
        assertThat(details.path("components").path("vendors").path("details").path("sendcloud")
                .path("credentials").asText()).isEqualTo("present");
        assertThat(details.path("components").path("db").path("details").path("database").asText()).isEqualTo("H2");
        assertThat(operator.get("/actuator/health").json().path("components").has("pipelines")).isTrue();
        assertThat(operator.get("/actuator/health/liveness").json().path("components").has("camelLivenessState"))
                .isTrue();
        assertThat(new ApiClient(port, "operator", "wrong").get("/actuator/health").status())
                .as("a wrong login is refused, not shown as anonymous").isEqualTo(401);
    }

    /** Vendors send their own Authorization headers to the callbacks: those are never taken for an ops login. */
    @Test
    void aCallbackWithItsOwnBasicHeaderReachesTheController() {
        ApiClient vendor = new ApiClient(port, "vendor-user", "vendor-secret");
        ApiClient.Answer callback = vendor.send(vendor.request("/callbacks/phrase/unknown-token")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(callback.status()).isEqualTo(404);
    }

    @Test
    void thePasswordIsNeverLoggedAndNoPasswordIsGenerated(CapturedOutput output) {
        assertThat(new ApiClient(port, "operator", "wrong-" + PASSWORD).get("/api/jobs").status()).isEqualTo(401);
        assertThat(new ApiClient(port, "operator", PASSWORD).get("/api/jobs").status()).isEqualTo(200);
        assertThat(output.getAll()).doesNotContain(PASSWORD).doesNotContain("Using generated security password");
    }
}
