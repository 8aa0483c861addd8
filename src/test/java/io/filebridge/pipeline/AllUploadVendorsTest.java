package io.filebridge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import io.filebridge.FilebridgeApplication;
import io.filebridge.ledger.Ledger;
import io.filebridge.sandbox.emulator.EmulatorServer;
import io.filebridge.sandbox.emulator.RecordedRequest;
import io.filebridge.testsupport.HotFolder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every upload vendor from one folder layout: the same files, the same faults, and the same outcomes (receipt
 * shape, archive and failed folders, report shape, attempts), whatever the vendor. Each vendor's own contract is
 * checked by its loopback server.
 */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class)
class AllUploadVendorsTest {

    static final AllVendorServers vendors = new AllVendorServers();
    static final Map<String, EmulatorServer> servers = vendors.byVendor;
    static final HotFolder folder = HotFolder.create("all-vendors");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        vendors.register(registry, folder);
        AllVendorServers.forEveryVendor(registry, "requests-per-minute", "6000");
    }

    @AfterAll
    static void stopServers() {
        vendors.close();
    }

    @Autowired
    Ledger ledger;

    @Test
    void theSameFilesGiveTheSameOutcomesAtEveryVendor() throws Exception {
        List<String> files = List.of("report.pdf", "scans/Übersicht 2026 – 日本.png", "deep/a/b/notes.txt");
        for (String vendor : servers.keySet()) {
            for (String file : files) {
                folder.drop(vendor + "/" + file, vendor + " content of " + file);
            }
        }

        Set<String> receiptShape = null;
        for (String vendor : servers.keySet()) {
            for (String file : files) {
                JsonNode receipt = folder.awaitReceipt(vendor + "/" + file);
                assertThat(receipt.path("vendor").asText()).isEqualTo(vendor);
                assertThat(receipt.path("pipeline").asText()).isEqualTo("all-" + vendor);
                assertThat(receipt.path("file").path("path").asText()).isEqualTo(file);
                assertThat(receipt.path("file").path("sha256").asText())
                        .isEqualTo(HotFolder.sha256((vendor + " content of " + file).getBytes()));
                assertThat(receipt.path("vendorId").asText()).isNotBlank();
                assertThat(receipt.path("attempts").asInt()).isEqualTo(1);
                Set<String> shape = fieldNames(receipt);
                if (receiptShape == null) {
                    receiptShape = shape;
                }
                assertThat(shape).as("receipt fields of %s", vendor).isEqualTo(receiptShape);
                HotFolder.awaitExists(inbox(vendor).resolve(".done").resolve(file));
            }
            assertThat(servers.get(vendor).violations()).as("%s contract violations", vendor).isEmpty();
        }
    }

    @Test
    void theSameFaultsGiveTheSameReportsAndRetriesAtEveryVendor() throws Exception {
        Set<String> reportShape = null;
        for (String vendor : servers.keySet()) {
            EmulatorServer server = servers.get(vendor);
            server.respond(401, Map.of(), "");
            if (vendor.equals("phrase-connectors")) {
                // token-based: the first 401 counts as an expired token and is followed by one fresh token
                server.respond(401, Map.of(), "");
            }
            folder.drop(vendor + "/denied.txt", "refused at " + vendor);
            JsonNode report = HotFolder.awaitJson(inbox(vendor).resolve(".failed/denied.txt.error.json"));
            org.awaitility.Awaitility.await().until(() -> inbox(vendor).resolve(".failed/denied.txt").toFile().exists());
            assertThat(report.path("httpStatus").asInt()).as(vendor).isEqualTo(401);
            // every request counts: the token-based vendor's 401, and its repeat with a fresh token
            assertThat(report.path("attempts").asInt()).as(vendor).isEqualTo(vendor.equals("phrase-connectors") ? 2 : 1);
            assertThat(report.path("pipeline").asText()).isEqualTo("all-" + vendor);
            assertThat(report.path("requestId").asText()).as("%s report names the upload's requestId", vendor)
                    .isEqualTo(ledger.requestId(report.path("ledgerId").asLong()).orElseThrow());
            assertThat(inbox(vendor).resolve(".failed/denied.txt")).exists();
            Set<String> shape = new TreeSet<>(fieldNames(report));
            shape.remove("vendorError"); // present only when the vendor said something
            if (reportShape == null) {
                reportShape = shape;
            }
            assertThat(shape).as("report fields of %s", vendor).isEqualTo(reportShape);

            server.respond(503, Map.of(), "");
            folder.drop(vendor + "/flaky.txt", "flaky at " + vendor);
            JsonNode receipt = folder.awaitReceipt(vendor + "/flaky.txt");
            assertThat(receipt.path("attempts").asInt()).as(vendor).isEqualTo(2);
            assertThat(server.pendingFaults()).isZero();
        }
    }

    /**
     * A 429 with {@code Retry-After: 2} (seconds) at every vendor at once: each file is retried once, after at least
     * the two seconds asked for (the backoff alone would be a few hundred milliseconds), and delivered once.
     */
    @Test
    void a429WithRetryAfterIsWaitedOutAndTheFileDeliveredOnceAtEveryVendor() throws Exception {
        for (String vendor : servers.keySet()) {
            servers.get(vendor).respond(429, Map.of("Retry-After", "2"), "");
            folder.drop(vendor + "/busy.txt", "rate limited at " + vendor);
        }

        for (String vendor : servers.keySet()) {
            EmulatorServer server = servers.get(vendor);
            String uploadPath = AllVendorServers.UPLOAD_PATHS.get(vendor);
            DeliveredOnce.afterAttempts(folder, server, uploadPath, ledger, vendor + "/busy.txt", 429,
                    AllVendorServers.ACCEPTED.get(vendor));
            List<RecordedRequest> attempts = server.attemptsFor(uploadPath, "busy.txt");
            assertThat(Duration.between(attempts.get(0).arrivedAt(), attempts.get(1).arrivedAt()))
                    .as("%s waited for Retry-After", vendor).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(server.pendingFaults()).isZero();
            assertThat(server.violations()).as("%s contract violations", vendor).isEmpty();
        }
    }

    private static Path inbox(String vendor) {
        return folder.inbox.resolve(vendor);
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
