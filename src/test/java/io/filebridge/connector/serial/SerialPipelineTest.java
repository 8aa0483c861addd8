package io.filebridge.connector.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.filebridge.FilebridgeApplication;
import io.filebridge.ledger.FileState;
import io.filebridge.ledger.Ledger;
import io.filebridge.pipeline.DeliveredOnce;
import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.sandbox.emulator.EmulatorServer;
import io.filebridge.sandbox.emulator.RecordedRequest;
import io.filebridge.sandbox.emulator.UploadChecks;
import io.filebridge.sandbox.serial.SerialEmulator;
import io.filebridge.testsupport.HotFolder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The hot-folder -> Serial pipeline end to end, against a loopback server that checks every request against Serial's
 * contract (Bearer API key, part {@code file} with name and MIME type): receipts, archive, failures, retries, and a
 * stored size that differs from the file's.
 */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class)
class SerialPipelineTest {

    static final SerialEmulator serial = new SerialEmulator().start();
    static final HotFolder folder = HotFolder.create("serial");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "serial.camel.yaml");
        registry.add("filebridge.vendors.serial.base-url", serial::baseUrl);
        registry.add("filebridge.vendors.serial.api-key", () -> SerialEmulator.API_KEY);
    }

    @AfterAll
    static void stopServer() {
        serial.close();
    }

    @Autowired
    Ledger ledger;

    @AfterEach
    void noScriptedFaultLeftAndNoViolations() {
        assertThat(serial.pendingFaults()).isZero();
        assertThat(serial.violations()).isEmpty();
        assertThat(serial.authFailures()).isEmpty();
    }

    @Test
    void twentyFilesWithAnyNamesAreUploadedOnceEachWithReceiptsAndArchivedOriginals() throws Exception {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            paths.add(switch (i % 5) {
                case 0 -> "line 1/station-" + i + ".csv";
                case 1 -> "line 1/torque report " + i + ".pdf";
                case 2 -> "Übersicht " + i + " – 日本語.png";
                case 3 -> "line 2/deep/er/" + i + " émoji 😀.json";
                default -> i % 2 == 0 ? "line 2/Ελληνικά/μέτρηση-" + i + ".stl" // model/stl, not Spring's own
                        : "line 2/raw/μέτρηση-" + i + ".dat"; // no well-known MIME type: octet-stream
            });
        }
        Map<String, byte[]> contents = new HashMap<>();
        for (String path : paths) {
            byte[] content = ("measurements of " + path + " " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
            contents.put(path, content);
            folder.drop(path, content);
        }

        for (String path : paths) {
            JsonNode receipt = folder.awaitReceipt(path);
            String sha = HotFolder.sha256(contents.get(path));
            String name = Path.of(path).getFileName().toString();
            assertThat(receipt.path("pipeline").asText()).isEqualTo("serial-test");
            assertThat(receipt.path("vendor").asText()).isEqualTo("serial");
            assertThat(receipt.path("file").path("path").asText()).isEqualTo(path);
            assertThat(receipt.path("file").path("sha256").asText()).isEqualTo(sha);
            var uploads = serial.uploads().stream().filter(u -> u.sha256().equals(sha)).toList();
            assertThat(uploads).as("uploads of %s", path).singleElement().satisfies(upload -> {
                assertThat(upload.filename()).isEqualTo(name);
                assertThat(upload.contentType()).isEqualTo(UploadChecks.expectedMimeType(name)
                        .orElse("application/octet-stream"));
                assertThat(receipt.path("vendorId").asText()).isEqualTo(upload.id());
                JsonNode response = receipt.path("response");
                assertThat(response.path("id").asText()).isEqualTo(upload.id());
                assertThat(response.path("name").asText()).isEqualTo(upload.name());
                assertThat(response.path("bucket_id").asText()).isEqualTo("files");
                assertThat(response.path("metadata").path("size").asLong()).isEqualTo(contents.get(path).length);
                assertThat(response.path("metadata").path("mimetype").asText()).isEqualTo(upload.contentType());
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(folder.done(path)));
            assertThat(Files.readAllBytes(folder.done(path))).isEqualTo(contents.get(path));
            assertThat(folder.inbox.resolve(path)).doesNotExist();
        }
        assertThat(serial.uploads().stream().filter(u -> u.contentType().equals("application/pdf")).count())
                .as("part content types follow the file extension").isEqualTo(4);
    }

    @Test
    void unauthorizedFailsAtOnceWithSerialsTextAndTheKeyMasked() throws Exception {
        serial.respond(401, Map.of("Content-Type", "text/plain"),
                "Invalid API key " + SerialEmulator.API_KEY);
        folder.drop("denied.csv", "401 once");

        JsonNode report = folder.awaitErrorReport("denied.csv");

        assertThat(report.path("vendor").asText()).isEqualTo("serial");
        assertThat(report.path("httpStatus").asInt()).isEqualTo(401);
        assertThat(report.path("vendorError").asText()).isEqualTo("Invalid API key ***");
        assertThat(report.path("attempts").asInt()).isEqualTo(1);
        assertThat(report.path("hint").asText()).contains("SERIAL_API_KEY");
        assertThat(report.toString()).doesNotContain(SerialEmulator.API_KEY);
        assertThat(folder.failed("denied.csv")).exists();
        assertThat(folder.receipt("denied.csv")).doesNotExist();
        assertThat(requestsFor("denied.csv")).hasSize(1);
    }

    @Test
    void twoServiceUnavailableAnswersThenSuccessDeliversOnce() throws Exception {
        serial.respond(503, Map.of(), "");
        serial.respond(503, Map.of(), "");
        folder.drop("flaky.csv", "two 503s first");

        DeliveredOnce.afterAttempts(folder, serial, SerialEmulator.UPLOAD_PATH, ledger, "flaky.csv", 503, 503,
                200);
    }

    @Test
    void aDroppedConnectionIsRetried() throws Exception {
        serial.dropConnection();
        folder.drop("dropped.csv", "connection dropped once");

        DeliveredOnce.afterAttempts(folder, serial, SerialEmulator.UPLOAD_PATH, ledger, "dropped.csv", -1, 200);
    }

    @Test
    void aStoredSizeThatDiffersFromTheFilesFailsTheFileWithoutRetry() throws Exception {
        serial.misreportNextSize(3);
        folder.drop("truncated/scan.png", "twenty-two bytes here!");

        JsonNode report = folder.awaitErrorReport("truncated/scan.png");

        var stored = serial.uploads().stream().filter(u -> u.filename().equals("scan.png")).toList();
        assertThat(stored).hasSize(1);
        assertThat(report.path("error").asText())
                .contains("22 bytes sent")
                .contains("metadata.size = 3")
                .contains("metadata.contentLength = 3")
                .contains("incomplete")
                .contains(stored.get(0).id())
                .contains(stored.get(0).name());
        assertThat(report.path("attempts").asInt()).isEqualTo(1);
        assertThat(report.path("hint").asText()).contains("does not confirm that the file arrived intact");
        assertThat(requestsFor("scan.png")).hasSize(1);
        assertThat(folder.failed("truncated/scan.png")).exists();
        assertThat(folder.receipt("truncated/scan.png")).doesNotExist();
        assertThat(ledger.find(report.path("ledgerId").asLong()).orElseThrow().state()).isEqualTo(FileState.FAILED);
    }

    /** Upload requests (every attempt) whose multipart body names this file. */
    private static List<RecordedRequest> requestsFor(String fileName) {
        return serial.attemptsFor(SerialEmulator.UPLOAD_PATH, fileName);
    }
}
