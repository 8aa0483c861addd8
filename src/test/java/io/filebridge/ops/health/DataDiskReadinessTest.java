package io.filebridge.ops.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.filebridge.FilebridgeApplication;
import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.testsupport.HotFolder;
import io.filebridge.testsupport.SmallDisk;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A real full disk: the spool lies on a 2 MB tmpfs. Filled to less than {@code filebridge.disk.min-free}, readiness
 * answers 503 with the data disk check DOWN and naming the spool, and the free-space gauge shows it; freed, readiness
 * is back to 200. Mounting needs root: elsewhere this test fails and says so.
 */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DataDiskReadinessTest {

    static final SendcloudEmulator sendcloud = new SendcloudEmulator().start();
    static final HotFolder folder = HotFolder.create("ops-data-disk");
    static final SmallDisk spool = SmallDisk.mount(folder.root.resolve("spool"), 2 * 1024 * 1024);

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "sendcloud.camel.yaml");
        PipelineTestSettings.sendcloud(registry, sendcloud);
        registry.add("filebridge.tracking.spool-dir", () -> spool.dir().toString());
        registry.add("filebridge.disk.min-free", () -> "1MB");
    }

    @AfterAll
    static void unmount() {
        spool.close();
        sendcloud.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    DataDiskHealthIndicator dataDisk;

    @Autowired
    MeterRegistry meters;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aFullSpoolDiskTakesReadinessDownWithAClearMessageAndFreeingItBringsItBack() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> readinessStatus() == 200);

        spool.fillLeaving(256 * 1024);

        await().atMost(Duration.ofSeconds(10)).until(() -> readinessStatus() == 503);
        Health health = dataDisk.health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat((String) health.getDetails().get("message"))
                .startsWith("disk almost full, less than filebridge.disk.min-free (1.0 MB) left: ")
                .contains("spool (" + spool.dir() + "): ").contains(" free of 2.0 MB");
        assertThat(meters.get("filebridge.disk.free").tag("path", spool.dir().toString()).gauge().value())
                .isLessThanOrEqualTo(256 * 1024);

        spool.free();

        await().atMost(Duration.ofSeconds(10)).until(() -> readinessStatus() == 200);
        assertThat(dataDisk.health().getStatus()).isEqualTo(Status.UP);
    }

    private int readinessStatus() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
