package io.filebridge.ops.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.filebridge.FilebridgeApplication;
import io.filebridge.ops.api.ApiClient;
import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.testsupport.HotFolder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With the actuator on its own port (as the README describes): the same access rules there, the API stays put. */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ManagementPortAccessTest {

    static final String PASSWORD = "pw-" + java.util.UUID.randomUUID();
    static final SendcloudEmulator sendcloud = new SendcloudEmulator().start();
    static final HotFolder folder = HotFolder.create("ops-management-port");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "sendcloud.camel.yaml");
        PipelineTestSettings.sendcloud(registry, sendcloud);
        registry.add("filebridge.ops.password", () -> PASSWORD);
        registry.add("management.server.port", () -> "0");
    }

    @AfterAll
    static void stopServer() {
        sendcloud.close();
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Test
    void probesAreOpenAndTheRestOfTheActuatorNeedsTheOperatorOnTheManagementPort() {
        assertThat(managementPort).isNotEqualTo(port);
        ApiClient anonymous = new ApiClient(managementPort);
        await().atMost(Duration.ofSeconds(30)).until(() -> anonymous.get("/actuator/health").status() == 200);
        assertThat(anonymous.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/health/readiness").json().has("components")).isFalse();
        assertThat(new ApiClient(managementPort, "ops", PASSWORD).get("/actuator/health/readiness").json()
                .path("components").has("vendors")).isTrue();
        assertThat(anonymous.get("/actuator/info").status()).isEqualTo(401);
        assertThat(new ApiClient(managementPort, "ops", PASSWORD).get("/actuator/info").status()).isEqualTo(200);
    }

    @Test
    void theApiStaysOnTheApplicationPort() {
        assertThat(new ApiClient(port).get("/api/pipelines").status()).isEqualTo(401);
        assertThat(new ApiClient(port, "ops", PASSWORD).get("/api/pipelines").status()).isEqualTo(200);
    }
}
