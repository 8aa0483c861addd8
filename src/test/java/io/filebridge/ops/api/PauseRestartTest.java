package io.filebridge.ops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.filebridge.FilebridgeApplication;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.testsupport.HotFolder;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** A paused pipeline stays paused when filebridge is stopped and started again on the same ledger. */
class PauseRestartTest {

    static final SendcloudEmulator sendcloud = new SendcloudEmulator().start();
    static final HotFolder folder = HotFolder.create("ops-pause-restart");

    @AfterAll
    static void stopServer() {
        sendcloud.close();
    }

    @Test
    void aPausedPipelineIsNotStartedAgainUntilItIsResumed() throws Exception {
        try (ConfigurableApplicationContext first = start()) {
            ApiClient api = client(first);
            assertThat(api.post("/api/pipelines/ops-a/pause").json().path("state").asText()).isEqualTo("PAUSED");
        }

        try (ConfigurableApplicationContext second = start()) {
            ApiClient api = client(second);
            assertThat(second.getBean(CamelContext.class).getRouteController().getRouteStatus("ops-a"))
                    .as("not started at all").isEqualTo(ServiceStatus.Stopped);
            assertThat(state(api, "ops-a")).isEqualTo("PAUSED");
            assertThat(state(api, "ops-b")).isEqualTo("RUNNING");

            Path waiting = folder.drop("a/after-restart.txt", "waits for resume");
            // a file dropped later into a running pipeline: once it is through, ops-a had every chance to take its file
            folder.drop("b/after-restart.txt", "goes through");
            folder.awaitReceipt("b/after-restart.txt");
            assertThat(waiting).exists();
            assertThat(api.get("/api/jobs?pipeline=ops-a").json().path("total").asLong()).isZero();

            assertThat(api.post("/api/pipelines/ops-a/resume").json().path("state").asText()).isEqualTo("RUNNING");
            HotFolder.awaitExists(folder.outbox.resolve("a/after-restart.txt.receipt.json"));
            await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/jobs?pipeline=ops-a&state=COMPLETED")
                    .json().path("total").asLong() == 1);
        }

        try (ConfigurableApplicationContext third = start()) {
            assertThat(state(client(third), "ops-a")).as("resumed stays resumed").isEqualTo("RUNNING");
        }
    }

    private static String state(ApiClient api, String id) {
        for (var p : api.get("/api/pipelines").json()) {
            if (p.path("id").asText().equals(id)) {
                return p.path("state").asText();
            }
        }
        throw new AssertionError("no pipeline " + id);
    }

    private static ApiClient client(ConfigurableApplicationContext context) {
        return new ApiClient(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    }

    private static ConfigurableApplicationContext start() {
        Map<String, Object> props = new HashMap<>();
        props.put("camel.main.routes-include-pattern", "classpath:pipelines/ops-api.camel.yaml");
        props.put("test.inbox", folder.inbox.toString());
        props.put("test.outbox", folder.outbox.toString());
        props.put("spring.datasource.url", "jdbc:h2:file:" + folder.root.resolve("ledger/filebridge")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        props.put("filebridge.intake.quiet-period", "300ms");
        props.put("filebridge.vendors.sendcloud.base-url", sendcloud.apiBaseUrl());
        props.put("filebridge.vendors.sendcloud.public-key", SendcloudEmulator.PUBLIC_KEY);
        props.put("filebridge.vendors.sendcloud.secret-key", SendcloudEmulator.SECRET_KEY);
        props.put("filebridge.ops.password", "");
        props.put("server.port", "0");
        props.put("spring.main.banner-mode", "off");
        // as command-line arguments: they outrank config/application.yml, which default properties would not
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(FilebridgeApplication.class).run(args);
    }
}
