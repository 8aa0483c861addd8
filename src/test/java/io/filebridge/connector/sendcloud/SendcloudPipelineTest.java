package io.filebridge.connector.sendcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.filebridge.FilebridgeApplication;
import io.filebridge.ledger.FileState;
import io.filebridge.ledger.Ledger;
import io.filebridge.pipeline.DeliveredOnce;
import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.sandbox.emulator.RecordedRequest;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.testsupport.HotFolder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The hot-folder -> Sendcloud pipeline end to end, against a loopback server that checks every request against the
 * Sendcloud contract (Basic auth): uploads, receipts, archive and failed folders, retries, duplicates.
 */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class)
@ExtendWith(OutputCaptureExtension.class)
class SendcloudPipelineTest {

    static final SendcloudEmulator sendcloud = new SendcloudEmulator().start();
    static final HotFolder folder = HotFolder.create("sendcloud");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "sendcloud.camel.yaml");
        PipelineTestSettings.sendcloud(registry, sendcloud);
        // the real limit (30 a minute) is tested on its own in SendcloudRateLimitTest; here it would only slow things
        registry.add("filebridge.vendors.sendcloud.uploads-per-minute", () -> "6000");
    }

    @AfterAll
    static void stopServer() {
        sendcloud.close();
    }

    @Autowired
    Ledger ledger;

    /** Each test scripts faults for its own file and waits for it: none may be left for the next test. */
    @org.junit.jupiter.api.AfterEach
    void noScriptedFaultLeft() {
        assertThat(sendcloud.pendingFaults()).isZero();
        assertThat(sendcloud.violations()).isEmpty();
    }

    @Test
    void fiftyFilesWithAnyNamesAreUploadedOnceEachWithReceiptsAndArchivedOriginals() throws Exception {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            paths.add(switch (i % 5) {
                case 0 -> "batch/plain-" + i + ".txt";
                case 1 -> "batch/with spaces " + i + ".pdf";
                case 2 -> "batch/Übersicht " + i + " – 日本語.csv";
                case 3 -> "batch/deep/er/nested/" + i + " émoji 😀.json";
                default -> "batch/Ελληνικά/αρχείο-" + i + ".png";
            });
        }
        Map<String, byte[]> contents = new java.util.HashMap<>();
        for (String path : paths) {
            byte[] content = ("content of " + path + " " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
            contents.put(path, content);
            folder.drop(path, content);
        }

        for (String path : paths) {
            JsonNode receipt = folder.awaitReceipt(path);
            String sha = HotFolder.sha256(contents.get(path));
            assertThat(receipt.path("file").path("sha256").asText()).isEqualTo(sha);
            assertThat(receipt.path("file").path("path").asText()).isEqualTo(path);
            assertThat(receipt.path("pipeline").asText()).isEqualTo("sendcloud-test");
            assertThat(receipt.path("vendor").asText()).isEqualTo("sendcloud");
            var upload = sendcloud.uploads().stream().filter(u -> u.sha256().equals(sha)).toList();
            assertThat(upload).as("uploads of %s", path).hasSize(1);
            assertThat(upload.get(0).filename()).isEqualTo(Path.of(path).getFileName().toString());
            assertThat(receipt.path("vendorId").asText()).isEqualTo(upload.get(0).fileToken());
            assertThat(receipt.path("response").path("file_token").asText()).isEqualTo(upload.get(0).fileToken());
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(folder.done(path)));
            assertThat(Files.readAllBytes(folder.done(path))).isEqualTo(contents.get(path));
            assertThat(folder.inbox.resolve(path)).doesNotExist();
        }
        assertThat(sendcloud.violations()).isEmpty();
        assertThat(sendcloud.uploads().stream().filter(u -> u.contentType().equals("application/pdf")).count())
                .as("part content types follow the file extension").isEqualTo(10);
    }

    @Test
    void aRateLimitAnswerIsWaitedOutThenTheFileIsUploadedOnce() throws Exception {
        sendcloud.respondRateLimited(Duration.ofSeconds(2));
        folder.drop("limited.txt", "rate limited once");

        JsonNode receipt = folder.awaitReceipt("limited.txt");

        List<RecordedRequest> attempts = requestsFor("limited.txt");
        assertThat(attempts).extracting(RecordedRequest::status).containsExactly(429, 201);
        assertThat(Duration.between(attempts.get(0).arrivedAt(), attempts.get(1).arrivedAt()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(receipt.path("attempts").asInt()).isEqualTo(2);
    }

    @Test
    void twoServerErrorsThenSuccessDeliversOnce() throws Exception {
        sendcloud.respond(500, Map.of(), "{\"errors\":[{\"code\":\"server_error\",\"detail\":\"boom\"}]}");
        sendcloud.respond(500, Map.of(), "{\"errors\":[{\"code\":\"server_error\",\"detail\":\"boom\"}]}");
        folder.drop("flaky.txt", "two 500s first");

        DeliveredOnce.afterAttempts(folder, sendcloud, SendcloudEmulator.UPLOAD_PATH, ledger, "flaky.txt", 500, 500,
                201);
    }

    @Test
    void aDroppedConnectionIsRetried() throws Exception {
        sendcloud.dropConnection();
        folder.drop("dropped.txt", "connection dropped once");

        DeliveredOnce.afterAttempts(folder, sendcloud, SendcloudEmulator.UPLOAD_PATH, ledger, "dropped.txt", -1, 201);
    }

    @Test
    void tooLargeGoesToTheFailedFolderWithAReportNamingTheSizeProblem() throws Exception {
        sendcloud.respondSendcloudError(413, "content_too_large", "File is too large.", "Content Too Large");
        folder.drop("big/huge scan.pdf", "pretend this is large");

        JsonNode report = folder.awaitErrorReport("big/huge scan.pdf");

        assertThat(folder.failed("big/huge scan.pdf")).exists();
        assertThat(folder.receipt("big/huge scan.pdf")).doesNotExist();
        assertThat(report.path("pipeline").asText()).isEqualTo("sendcloud-test");
        assertThat(report.path("vendor").asText()).isEqualTo("sendcloud");
        assertThat(report.path("httpStatus").asInt()).isEqualTo(413);
        assertThat(report.path("vendorError").asText()).contains("content_too_large").contains("File is too large.");
        assertThat(report.path("attempts").asInt()).isEqualTo(1);
        assertThat(report.path("hint").asText()).contains("larger than the sendcloud API accepts");
        assertThat(report.path("file").path("path").asText()).isEqualTo("big/huge scan.pdf");
        assertThat(report.path("receivedAt").asText()).isNotBlank();
        assertThat(report.path("failedAt").asText()).isNotBlank();
        assertThat(requestsFor("huge scan.pdf")).hasSize(1);
    }

    @Test
    void unauthorizedFailsAtOnceWithoutRetries() throws Exception {
        sendcloud.respondSendcloudError(401, "unauthorized", "Invalid credentials", "Unauthorized");
        folder.drop("denied.txt", "401 once");

        JsonNode report = folder.awaitErrorReport("denied.txt");

        assertThat(report.path("httpStatus").asInt()).isEqualTo(401);
        assertThat(report.path("vendorError").asText()).contains("Invalid credentials");
        assertThat(report.path("hint").asText()).contains("SENDCLOUD").doesNotContain(SendcloudEmulator.SECRET_KEY);
        assertThat(requestsFor("denied.txt")).hasSize(1);
    }

    @Test
    void theSameContentDroppedAgainIsNotUploadedAgain() throws Exception {
        folder.drop("dup/original.txt", "same bytes, twice");
        JsonNode first = folder.awaitReceipt("dup/original.txt");
        folder.drop("dup/copy of original.txt", "same bytes, twice");

        JsonNode second = folder.awaitReceipt("dup/copy of original.txt");

        assertThat(requestsFor("copy of original.txt")).isEmpty();
        assertThat(second.path("duplicate").asBoolean()).isTrue();
        assertThat(second.path("duplicateOf").asLong()).isEqualTo(first.path("ledgerId").asLong());
        assertThat(second.path("vendorId").asText()).isEqualTo(first.path("vendorId").asText());
        assertThat(ledger.find(second.path("ledgerId").asLong()).orElseThrow().state()).isEqualTo(FileState.DUPLICATE);
        await().until(() -> Files.exists(folder.done("dup/copy of original.txt")));
    }

    @Test
    void aFileWrittenSlowlyInChunksIsUploadedOnceAndComplete() throws Exception {
        // over five seconds, pausing 50 ms between chunks: a sixth of the 300 ms quiet period, so the writer never
        // pauses long enough to look finished, and the test proves the read lock waits, not a lucky poll
        Duration interval = Duration.ofMillis(50);
        int chunks = 110;
        Path target = folder.inbox.resolve("slow/growing.log");
        Files.createDirectories(target.getParent());
        StringBuilder all = new StringBuilder();
        List<java.time.Instant> writes = java.util.Collections.synchronizedList(new ArrayList<>());
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        for (int i = 0; i < chunks; i++) {
            String chunk = "chunk " + i + " " + "x".repeat(1000) + "\n";
            all.append(chunk);
            writer.schedule(() -> {
                Files.writeString(target, chunk, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
                writes.add(java.time.Instant.now());
                return null;
            }, i * interval.toMillis(), TimeUnit.MILLISECONDS);
        }
        writer.shutdown();

        JsonNode receipt = folder.awaitReceipt("slow/growing.log");

        assertThat(writer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(writes).hasSize(chunks);
        assertThat(Duration.between(writes.get(0), writes.get(chunks - 1))).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
        String sha = HotFolder.sha256(all.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(receipt.path("file").path("sha256").asText()).isEqualTo(sha);
        assertThat(requestsFor("growing.log")).singleElement()
                .satisfies(r -> assertThat(r.arrivedAt()).isAfter(writes.get(chunks - 1)));
        assertThat(sendcloud.uploads()).filteredOn(u -> u.filename().equals("growing.log"))
                .singleElement().satisfies(u -> assertThat(u.sha256()).isEqualTo(sha));
    }

    @Test
    void uploadsRunConcurrently() throws Exception {
        for (int i = 0; i < 4; i++) {
            sendcloud.delay(Duration.ofSeconds(1)); // each answer comes a second late
        }
        for (int i = 0; i < 4; i++) {
            folder.drop("parallel/" + i + ".txt", "in parallel " + i);
        }
        for (int i = 0; i < 4; i++) {
            folder.awaitReceipt("parallel/" + i + ".txt");
        }

        var arrivals = java.util.stream.IntStream.range(0, 4)
                .mapToObj(i -> requestsFor(i + ".txt").get(0).arrivedAt()).sorted().toList();
        // one after the other, each would wait for the previous late answer: at least 3 s from first to last
        assertThat(Duration.between(arrivals.get(0), arrivals.get(3))).isLessThan(Duration.ofMillis(900));
    }

    @Test
    void anEmptyFileFailsWithAClearReportAndIsNotUploaded() throws Exception {
        folder.drop("empty.txt", new byte[0]);

        JsonNode report = folder.awaitErrorReport("empty.txt");

        assertThat(report.path("error").asText()).contains("empty");
        assertThat(report.has("httpStatus")).isFalse();
        assertThat(folder.failed("empty.txt")).exists();
        assertThat(requestsFor("empty.txt")).isEmpty();
    }

    @Test
    void secretsNeverAppearInLogsReportsReceiptsOrTheLedger(CapturedOutput output) throws Exception {
        String basicHeader = java.util.Base64.getEncoder().encodeToString((SendcloudEmulator.PUBLIC_KEY + ":"
                + SendcloudEmulator.SECRET_KEY).getBytes(StandardCharsets.UTF_8));
        // a vendor that echoes the secret back in its error text must not get it into the report
        sendcloud.respond(401, Map.of(), SendcloudEmulator.sendcloudError(401, "unauthorized",
                "secret key " + SendcloudEmulator.SECRET_KEY + " is not valid", "Unauthorized"));
        folder.drop("secrets/refused.txt", "refused upload");
        JsonNode report = folder.awaitErrorReport("secrets/refused.txt");
        folder.drop("secrets/accepted.txt", "accepted upload");
        JsonNode receipt = folder.awaitReceipt("secrets/accepted.txt");

        assertThat(report.path("vendorError").asText()).contains("secret key *** is not valid");
        String everything = output.getAll() + report + receipt
                + Files.readString(folder.errorReport("secrets/refused.txt"))
                + ledger.findByPipeline("sendcloud-test").toString();
        assertThat(output.getAll()).contains("FAILED pipeline=sendcloud-test file=\"secrets/refused.txt\"")
                .contains("COMPLETED pipeline=sendcloud-test file=\"secrets/accepted.txt\"");
        assertThat(everything).doesNotContain(SendcloudEmulator.SECRET_KEY).doesNotContain(basicHeader);
    }

    /** Upload requests (every attempt) whose multipart body names this file. */
    private static List<RecordedRequest> requestsFor(String fileName) {
        return sendcloud.attemptsFor(SendcloudEmulator.UPLOAD_PATH, fileName);
    }
}
