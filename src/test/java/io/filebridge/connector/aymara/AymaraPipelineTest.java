package io.filebridge.connector.aymara;

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
import io.filebridge.ledger.Ledger;
import io.filebridge.pipeline.DeliveredOnce;
import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.sandbox.aymara.AymaraEmulator;
import io.filebridge.sandbox.emulator.EmulatorServer;
import io.filebridge.sandbox.emulator.RecordedRequest;
import io.filebridge.sandbox.emulator.UploadChecks;
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
 * The hot-folder -> Aymara pipeline end to end, against a loopback server that checks every request against Aymara's
 * contract (x-api-key and bearer token, part {@code file} with name and MIME type, the configured workspace_uuid):
 * receipts, archive, failures with Aymara's error envelope, retries.
 */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class)
class AymaraPipelineTest {

    static final String WORKSPACE = "3f2c9a56-8e1d-4b7a-9c0e-5d6f7a8b9c01";
    static final AymaraEmulator aymara = new AymaraEmulator(AymaraEmulator.API_KEY,
            AymaraEmulator.BEARER_TOKEN, WORKSPACE).start();
    static final HotFolder folder = HotFolder.create("aymara");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "aymara.camel.yaml");
        registry.add("filebridge.vendors.aymara.base-url", aymara::baseUrl);
        registry.add("filebridge.vendors.aymara.api-key", () -> AymaraEmulator.API_KEY);
        registry.add("filebridge.vendors.aymara.bearer-token", () -> AymaraEmulator.BEARER_TOKEN);
        registry.add("filebridge.vendors.aymara.workspace-uuid", () -> WORKSPACE);
    }

    @AfterAll
    static void stopServer() {
        aymara.close();
    }

    @Autowired
    Ledger ledger;

    @AfterEach
    void noScriptedFaultLeftAndNoViolations() {
        assertThat(aymara.pendingFaults()).isZero();
        assertThat(aymara.violations()).isEmpty();
        assertThat(aymara.authFailures()).isEmpty();
    }

    @Test
    void twentyFilesWithAnyNamesAreUploadedOnceEachIntoTheWorkspaceWithReceipts() throws Exception {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            paths.add(switch (i % 5) {
                case 0 -> "eval/prompt-" + i + ".txt";
                case 1 -> "eval/with spaces " + i + ".pdf";
                case 2 -> "Übersicht " + i + " – 日本語.jpg";
                case 3 -> "eval/deep/er/" + i + " émoji 😀.json";
                default -> "eval/Ελληνικά/δεδομένα-" + i + ".csv";
            });
        }
        Map<String, byte[]> contents = new HashMap<>();
        for (String path : paths) {
            byte[] content = ("evaluation input " + path + " " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
            contents.put(path, content);
            folder.drop(path, content);
        }

        for (String path : paths) {
            JsonNode receipt = folder.awaitReceipt(path);
            String sha = HotFolder.sha256(contents.get(path));
            String name = Path.of(path).getFileName().toString();
            assertThat(receipt.path("pipeline").asText()).isEqualTo("aymara-test");
            assertThat(receipt.path("vendor").asText()).isEqualTo("aymara");
            assertThat(receipt.path("file").path("path").asText()).isEqualTo(path);
            assertThat(receipt.path("file").path("sha256").asText()).isEqualTo(sha);
            var uploads = aymara.uploads().stream().filter(u -> u.sha256().equals(sha)).toList();
            assertThat(uploads).as("uploads of %s", path).singleElement().satisfies(upload -> {
                assertThat(upload.filename()).isEqualTo(name);
                assertThat(upload.contentType()).isEqualTo(UploadChecks.expectedMimeType(name).orElseThrow());
                assertThat(upload.workspaceUuid()).isEqualTo(WORKSPACE);
                assertThat(upload.auth()).isEqualTo("x-api-key+bearer");
                assertThat(receipt.path("vendorId").asText()).isEqualTo(upload.fileUuid());
                JsonNode response = receipt.path("response");
                assertThat(response.path("file_uuid").asText()).isEqualTo(upload.fileUuid());
                assertThat(response.path("remote_file_path").asText())
                        .isEqualTo(WORKSPACE + "/" + upload.fileUuid() + "/" + name);
                assertThat(response.path("file_url").asText()).startsWith("https://");
                assertThat(response.has("local_file_path")).isTrue();
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(folder.done(path)));
            assertThat(Files.readAllBytes(folder.done(path))).isEqualTo(contents.get(path));
            assertThat(folder.inbox.resolve(path)).doesNotExist();
        }
    }

    @Test
    void unauthorizedFailsAtOnceWithAymarasCodeMessageAndRequestId() throws Exception {
        aymara.respondAymaraError(401, "auth.invalid_key", "The API key provided is not valid.", "req_7f3a01");
        folder.drop("denied.txt", "401 once");

        JsonNode report = folder.awaitErrorReport("denied.txt");

        assertThat(report.path("vendor").asText()).isEqualTo("aymara");
        assertThat(report.path("httpStatus").asInt()).isEqualTo(401);
        assertThat(report.path("vendorError").asText())
                .isEqualTo("auth.invalid_key: The API key provided is not valid. [request_id req_7f3a01]");
        assertThat(report.path("error").asText()).contains("auth.invalid_key").contains("req_7f3a01");
        assertThat(report.path("attempts").asInt()).isEqualTo(1);
        assertThat(report.path("hint").asText()).contains("AYMARA_API_KEY").contains("AYMARA_BEARER_TOKEN");
        assertThat(report.toString()).doesNotContain(AymaraEmulator.API_KEY)
                .doesNotContain(AymaraEmulator.BEARER_TOKEN);
        assertThat(folder.failed("denied.txt")).exists();
        assertThat(folder.receipt("denied.txt")).doesNotExist();
        assertThat(requestsFor("denied.txt")).hasSize(1);
    }

    @Test
    void aConflictIsNotRetriedAndItsEnvelopeIsReported() throws Exception {
        aymara.respondAymaraError(409, "resource.conflict", "A file with this name is being processed.",
                "req_c0nf1ict");
        folder.drop("conflict.pdf", "409 once");

        JsonNode report = folder.awaitErrorReport("conflict.pdf");

        assertThat(report.path("httpStatus").asInt()).isEqualTo(409);
        assertThat(report.path("vendorError").asText()).contains("resource.conflict")
                .contains("A file with this name is being processed.").contains("req_c0nf1ict");
        assertThat(requestsFor("conflict.pdf")).hasSize(1);
    }

    @Test
    void twoServiceUnavailableAnswersThenSuccessDeliversOnce() throws Exception {
        aymara.respondAymaraError(503, "server.internal_error", "Service temporarily unavailable.", "req_1");
        aymara.respondAymaraError(503, "server.internal_error", "Service temporarily unavailable.", "req_2");
        folder.drop("flaky.txt", "two 503s first");

        DeliveredOnce.afterAttempts(folder, aymara, AymaraEmulator.UPLOAD_PATH, ledger, "flaky.txt", 503, 503,
                200);
    }

    @Test
    void aDroppedConnectionIsRetried() throws Exception {
        aymara.dropConnection();
        folder.drop("dropped.txt", "connection dropped once");

        DeliveredOnce.afterAttempts(folder, aymara, AymaraEmulator.UPLOAD_PATH, ledger, "dropped.txt", -1, 200);
    }

    /** Upload requests (every attempt) whose multipart body names this file. */
    private static List<RecordedRequest> requestsFor(String fileName) {
        return aymara.attemptsFor(AymaraEmulator.UPLOAD_PATH, fileName);
    }
}
