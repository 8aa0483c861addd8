package io.filebridge.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.FilebridgeApplication;
import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.testsupport.HotFolder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Liveness and readiness on a real port: Camel's states, the ledger database, the pipelines and the per-vendor view
 * (credentials, which pipeline uses the vendor, the last call's outcome) are in the groups, and a vendor's failed
 * call shows without taking readiness down. No password is set and the calls come from loopback, so they are the
 * operator's and see the details (OpsAccessTest and OpsApiTest show what everyone else sees).
 */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HealthProbesTest {

    static final SendcloudEmulator sendcloud = new SendcloudEmulator().start();
    static final HotFolder folder = HotFolder.create("ops-health");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "sendcloud.camel.yaml");
        PipelineTestSettings.sendcloud(registry, sendcloud);
        registry.add("filebridge.vendors.serial.api-key", () -> "");
    }

    @AfterAll
    static void stopServer() {
        sendcloud.close();
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @Test
    void readinessIsUpWithCamelTheLedgerThePipelinesAndEveryVendor() throws Exception {
        JsonNode readiness = get("/actuator/health/readiness", 200);

        assertThat(readiness.path("status").asText()).isEqualTo("UP");
        JsonNode parts = readiness.path("components");
        for (String part : new String[] {"readinessState", "camelReadinessState", "camelHealth", "db", "pipelines",
                "vendors"}) {
            assertThat(parts.path(part).path("status").asText()).as(part).isEqualTo("UP");
        }
        assertThat(parts.path("camelHealth").path("details").path("context").asText()).isEqualTo("UP");
        assertThat(parts.path("db").path("details").path("database").asText()).isEqualTo("H2");

        JsonNode vendors = parts.path("vendors").path("details");
        assertThat(vendors.path("sendcloud").path("credentials").asText()).isEqualTo("present");
        assertThat(vendors.path("sendcloud").path("usedBy")).extracting(JsonNode::asText)
                .containsExactly("sendcloud-test");
        // no pipeline uses Serial: missing credentials are shown (by variable name) but readiness stays UP
        assertThat(vendors.path("serial").path("credentials").asText()).isEqualTo("missing");
        assertThat(vendors.path("serial").path("missing").toString()).contains("SERIAL_API_KEY");
        assertThat(vendors.path("serial").path("usedBy")).isEmpty();
        assertThat(readiness.toString()).doesNotContain(SendcloudEmulator.SECRET_KEY);
    }

    @Test
    void livenessIsUpAndIncludesCamel() throws Exception {
        JsonNode liveness = get("/actuator/health/liveness", 200);

        assertThat(liveness.path("status").asText()).isEqualTo("UP");
        assertThat(liveness.path("components").path("camelLivenessState").path("status").asText()).isEqualTo("UP");
        assertThat(liveness.path("components").has("db")).as("a database outage must not restart filebridge")
                .isFalse();
    }

    @Test
    void aVendorsFailedCallIsShownWithoutTakingReadinessDown() throws Exception {
        sendcloud.respondSendcloudError(413, "content_too_large", "File is too large.", "Content Too Large");
        folder.drop("health/too big.txt", "refused by the vendor");
        folder.awaitErrorReport("health/too big.txt");

        JsonNode failed = get("/actuator/health/readiness", 200);
        JsonNode lastCall = failed.path("components").path("vendors").path("details").path("sendcloud")
                .path("lastCall");
        assertThat(failed.path("status").asText()).isEqualTo("UP");
        assertThat(lastCall.path("outcome").asText()).isEqualTo("failed");
        assertThat(lastCall.path("httpStatus").asInt()).isEqualTo(413);
        assertThat(lastCall.path("at").asText()).isNotBlank();
        assertThat(lastCall.toString()).as("only the status, never the vendor's text").doesNotContain("too large");

        folder.drop("health/fine.txt", "accepted by the vendor");
        folder.awaitReceipt("health/fine.txt");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(get("/actuator/health/readiness", 200)
                .path("components").path("vendors").path("details").path("sendcloud").path("lastCall")
                .path("outcome").asText()).isEqualTo("ok"));
    }

    private JsonNode get(String path, int expectedStatus) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(expectedStatus);
        return json.readTree(response.body());
    }
}
