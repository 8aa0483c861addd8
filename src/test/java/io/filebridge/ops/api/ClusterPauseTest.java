package io.filebridge.ops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.testsupport.HotFolder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two instances on one PostgreSQL ledger: the ops API of either shows both (GET /api/cluster), and a pause or resume
 * made through one applies on the other within seconds, without a restart.
 */
class ClusterPauseTest {

    private static final String PIPELINE = "sendcloud-test";
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aPauseThroughOneInstanceAppliesOnTheOther() throws Exception {
        List<ConfigurableApplicationContext> instances = new ArrayList<>();
        HotFolder folder = HotFolder.create("cluster-pause");
        try (SendcloudEmulator sendcloud = new SendcloudEmulator().start();
                EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
                AutoCloseable stopInstances = () -> instances.forEach(ConfigurableApplicationContext::close)) {
            String ledger = postgres.getJdbcUrl("postgres", "postgres");
            for (String node : List.of("node-a", "node-b")) {
                Map<String, Object> more = new HashMap<>();
                more.put("filebridge.instance-id", node);
                more.put("filebridge.data-dir", folder.root.resolve(node).toString());
                more.put("filebridge.tracking.spool-dir", folder.root.resolve(node).resolve("spool").toString());
                more.put("camel.main.jmx-enabled", "false");
                instances.add(PipelineTestSettings.startSendcloudApp(folder, ledger, sendcloud, more));
            }
            ConfigurableApplicationContext a = instances.get(0), b = instances.get(1);

            JsonNode cluster = get(b, "/api/cluster");
            assertThat(cluster.get("instances").findValuesAsText("instanceId")).containsExactly("node-b", "node-a");
            assertThat(cluster.get("instances").get(0).get("self").asBoolean()).isTrue();
            assertThat(cluster.get("instances").findValues("alive")).allMatch(JsonNode::asBoolean);

            assertThat(post(a, "/api/pipelines/" + PIPELINE + "/pause")).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> status(b) == ServiceStatus.Suspended);
            assertThat(get(b, "/api/pipelines").findValuesAsText("state")).containsExactly("PAUSED");

            assertThat(post(a, "/api/pipelines/" + PIPELINE + "/resume")).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> status(b) == ServiceStatus.Started);
            folder.drop("after resume.txt", "resumed everywhere");
            folder.awaitReceipt("after resume.txt");
        }
    }

    private static ServiceStatus status(ConfigurableApplicationContext app) {
        return app.getBean(CamelContext.class).getRouteController().getRouteStatus(PIPELINE);
    }

    private JsonNode get(ConfigurableApplicationContext app, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(app, path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private int post(ConfigurableApplicationContext app, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(app, path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static URI uri(ConfigurableApplicationContext app, String path) {
        return URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port") + path);
    }
}
