package io.filebridge.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;

import io.filebridge.FilebridgeApplication;
import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.testsupport.HotFolder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * After a known run against the Sendcloud contract server, {@code /actuator/prometheus} has exactly the counts the run
 * produced: six files in (one 503 retried, one refused with 413, one duplicate, one empty), three uploaded, the
 * vendor's answers by status, one retry, the rate-limit waits, the histograms' counts, Camel's route metrics, and the
 * open-jobs gauges while an upload is under way.
 */
@CamelSpringBootTest
@AutoConfigureObservability(tracing = false) // Boot's tests turn metric export off unless asked
@SpringBootTest(classes = FilebridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the exact counts are those of a fresh application
class PrometheusMetricsTest {

    static final SendcloudEmulator sendcloud = new SendcloudEmulator().start();
    static final HotFolder folder = HotFolder.create("ops-metrics");
    static final Map<String, String> PIPELINE = Map.of("pipeline", "sendcloud-test", "vendor", "sendcloud");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "sendcloud.camel.yaml");
        PipelineTestSettings.sendcloud(registry, sendcloud);
        // one request per (padded, at least 550 ms) window: the retry 200 ms after the 503 must wait for a permit
        registry.add("filebridge.vendors.sendcloud.uploads-per-minute", () -> "1");
        registry.add("filebridge.vendors.sendcloud.rate-limit-window", () -> "300ms");
        registry.add("filebridge.metrics.ledger-refresh", () -> "0s");
    }

    @AfterAll
    static void stopServer() {
        sendcloud.close();
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    @Order(1)
    void aKnownRunShowsItsExactCountsDurationsAndVendorAnswers() throws Exception {
        sendcloud.respondSendcloudError(503, "service_unavailable", "Try again later.", "Service Unavailable");
        byte[] a = "first file, a 503 then accepted".getBytes(StandardCharsets.UTF_8);
        folder.drop("run/a.txt", a);
        folder.awaitReceipt("run/a.txt");
        sendcloud.respondSendcloudError(413, "content_too_large", "File is too large.", "Content Too Large");
        folder.drop("run/big.txt", "refused as too large");
        folder.awaitErrorReport("run/big.txt");
        byte[] b = "second accepted file".getBytes(StandardCharsets.UTF_8);
        byte[] c = "third accepted file, a bit longer".getBytes(StandardCharsets.UTF_8);
        folder.drop("run/b.txt", b);
        folder.drop("run/c.txt", c);
        folder.drop("run/copy of a.txt", a);
        folder.drop("run/empty.txt", new byte[0]);
        folder.awaitReceipt("run/b.txt");
        folder.awaitReceipt("run/c.txt");
        folder.awaitReceipt("run/copy of a.txt");
        folder.awaitErrorReport("run/empty.txt");

        PrometheusScrape scrape = await().atMost(Duration.ofSeconds(10)).until(this::scrape,
                s -> value(s, "filebridge_file_duration_seconds_count", Map.of("result", "failed")) == 2.0);

        assertThat(value(scrape, "filebridge_files_received_total")).isEqualTo(6.0);
        assertThat(value(scrape, "filebridge_files_uploaded_total")).isEqualTo(3.0);
        assertThat(value(scrape, "filebridge_files_completed_total")).isEqualTo(3.0);
        assertThat(value(scrape, "filebridge_files_duplicate_total")).isEqualTo(1.0);
        assertThat(value(scrape, "filebridge_files_failed_total")).isEqualTo(2.0);
        assertThat(value(scrape, "filebridge_uploaded_bytes_total")).isEqualTo((double) (a.length + b.length
                + c.length));
        assertThat(value(scrape, "filebridge_upload_duration_seconds_count")).isEqualTo(3.0);
        assertThat(value(scrape, "filebridge_upload_duration_seconds_sum")).isPositive();
        assertThat(scrape.samples("filebridge_upload_duration_seconds_bucket", PIPELINE))
                .as("a histogram Prometheus can compute quantiles from").hasSizeGreaterThan(10);
        assertThat(value(scrape, "filebridge_file_duration_seconds_count", Map.of("result", "completed")))
                .isEqualTo(3.0);
        assertThat(value(scrape, "filebridge_file_duration_seconds_count", Map.of("result", "duplicate")))
                .isEqualTo(1.0);
        assertThat(scrape.samples("filebridge_file_duration_seconds_bucket", Map.of("result", "completed")))
                .hasSizeGreaterThan(10);

        assertThat(value(scrape, "filebridge_vendor_answers_total", Map.of("status", "201"))).isEqualTo(3.0);
        assertThat(value(scrape, "filebridge_vendor_answers_total", Map.of("status", "503"))).isEqualTo(1.0);
        assertThat(value(scrape, "filebridge_vendor_answers_total", Map.of("status", "413"))).isEqualTo(1.0);
        assertThat(scrape.samples("filebridge_vendor_answers_total", PIPELINE)).hasSize(3);
        assertThat(value(scrape, "filebridge_vendor_retries_total")).isEqualTo(1.0);
        assertThat(value(scrape, "filebridge_vendor_rate_limit_wait_seconds_count")).isGreaterThanOrEqualTo(1.0);
        assertThat(value(scrape, "filebridge_vendor_rate_limit_wait_seconds_sum")).isPositive();
        // per credential, named by its fingerprint (16 hex digits), never by the key itself
        var all = new java.util.HashMap<>(PIPELINE);
        assertThat(scrape.samples("filebridge_vendor_rate_limit_wait_seconds_count", all))
                .anyMatch(sample -> sample.matches(".*credential=\"[0-9a-f]{16}\".*"))
                .noneMatch(sample -> sample.contains(SendcloudEmulator.SECRET_KEY));

        // Camel's own route metrics, from camel-micrometer
        assertThat(scrape.samples("camel_exchanges_total", Map.of("routeId", "sendcloud-test")))
                .as(scrape.text().lines().filter(l -> l.startsWith("camel_")).limit(40).toList().toString())
                .isNotEmpty();
        assertThat(scrape.text()).doesNotContain(SendcloudEmulator.SECRET_KEY);
    }

    @Test
    @Order(2)
    void theOpenJobGaugesShowAnUploadUnderWayAndItsAge() throws Exception {
        sendcloud.delay(Duration.ofSeconds(3));
        folder.drop("open/slow.txt", "answered three seconds late");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            PrometheusScrape scrape = scrape();
            assertThat(scrape.value("filebridge_jobs_open", Map.of("state", "uploading"))).hasValue(1.0);
            assertThat(scrape.value("filebridge_jobs_oldest_open_age_seconds", Map.of()).orElseThrow()).isPositive();
        });
        folder.awaitReceipt("open/slow.txt");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            PrometheusScrape scrape = scrape();
            assertThat(scrape.value("filebridge_jobs_open", Map.of("state", "uploading"))).hasValue(0.0);
            assertThat(scrape.value("filebridge_jobs_oldest_open_age_seconds", Map.of())).hasValue(0.0);
        });
    }

    private static double value(PrometheusScrape scrape, String name) {
        return value(scrape, name, Map.of());
    }

    private static double value(PrometheusScrape scrape, String name, Map<String, String> labels) {
        var all = new java.util.HashMap<>(PIPELINE);
        all.putAll(labels);
        OptionalDouble value = scrape.value(name, all);
        return value.orElseThrow(() -> new AssertionError("no " + name + " " + all + " in the scrape"));
    }

    private PrometheusScrape scrape() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return new PrometheusScrape(response.body());
    }
}
