package io.filebridge.intake.hotfolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.filebridge.FilebridgeApplication;
import io.filebridge.ledger.FailedStage;
import io.filebridge.ledger.FileEntry;
import io.filebridge.ledger.FileState;
import io.filebridge.ledger.Ledger;
import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.sandbox.sendcloud.SendcloudUpload;
import io.filebridge.testsupport.HotFolder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Whatever sits in an inbox is taken or reported, never silently left: links, special files, names the JVM cannot
 * use and empty files each get a FAILED ledger row, a report in the failed folder and a refusal metric, and nothing of
 * theirs (least of all a link's target) reaches the vendor.
 */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class)
class HostileInputsTest {

    static final SendcloudEmulator sendcloud = new SendcloudEmulator().start();
    static final HotFolder folder = HotFolder.create("hostile");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "sendcloud.camel.yaml");
        PipelineTestSettings.sendcloud(registry, sendcloud);
    }

    @AfterAll
    static void stopServer() {
        sendcloud.close();
    }

    @Autowired
    Ledger ledger;

    @Autowired
    MeterRegistry metrics;

    @Test
    void aLinkToAFileOutsideTheInboxIsRefusedAndItsTargetNeverSent() throws Exception {
        Path secret = Files.writeString(Files.createDirectories(folder.root.resolve("elsewhere")).resolve("secret.txt"),
                "not for the vendor " + System.nanoTime());
        Files.createDirectories(folder.inbox);
        Files.createSymbolicLink(folder.inbox.resolve("innocent.txt"), secret);

        JsonNode report = folder.awaitErrorReport("innocent.txt");

        assertThat(report.path("error").asText()).contains("symbolic link", secret.toString());
        assertThat(Files.isSymbolicLink(folder.failed("innocent.txt"))).as("the link itself moved").isTrue();
        assertThat(secret).exists();
        assertRefusedRow("innocent.txt", report);
        assertThat(refusals("link")).isGreaterThanOrEqualTo(1);
        assertNothingSentOf(Files.readAllBytes(secret));
    }

    @Test
    void aLinkedFolderIsRefusedAndNothingBelowItIsTaken() throws Exception {
        Path outside = Files.createDirectories(folder.root.resolve("outside-dir"));
        byte[] content = ("below a linked folder " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        Files.write(outside.resolve("payroll.csv"), content);
        Files.createDirectories(folder.inbox);
        Files.createSymbolicLink(folder.inbox.resolve("shared"), outside);

        JsonNode report = folder.awaitErrorReport("shared");

        assertThat(report.path("error").asText()).contains("symbolic link to a folder");
        assertThat(outside.resolve("payroll.csv")).exists();
        assertRefusedRow("shared", report);
        assertNothingSentOf(content);
    }

    @Test
    void aFifoIsRefusedWithoutBlockingTheFilesAfterIt() throws Exception {
        Files.createDirectories(folder.inbox);
        Path fifo = folder.inbox.resolve("pipe.csv");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).isZero();

        JsonNode report = folder.awaitErrorReport("pipe.csv");
        folder.drop("after-the-fifo.txt", "taken as usual " + System.nanoTime());

        assertThat(report.path("error").asText()).contains("not a regular file");
        assertRefusedRow("pipe.csv", report);
        assertThat(refusals("special")).isGreaterThanOrEqualTo(1);
        assertThat(folder.awaitReceipt("after-the-fifo.txt").path("vendorId").asText()).isNotBlank();
    }

    @Test
    void aNameTheJvmCannotDecodeIsRefusedUnderAUsableName() throws Exception {
        Files.createDirectories(folder.inbox);
        // bytes 0xFF 0xFE are not UTF-8: the JVM lists the name with replacement characters that name no file
        Process touch = new ProcessBuilder("bash", "-c", "printf 'raw bytes' > \"$1/$(printf 'bad\\xff\\xfename.txt')\"",
                "_", folder.inbox.toString()).inheritIO().start();
        assertThat(touch.waitFor(10, TimeUnit.SECONDS)).isTrue();

        JsonNode report = folder.awaitErrorReport("bad__name.txt");

        assertThat(report.path("error").asText()).contains("not valid in the JVM's file-name charset");
        assertThat(Files.readString(folder.failed("bad__name.txt"))).isEqualTo("raw bytes");
        try (var left = Files.list(folder.inbox)) {
            assertThat(left.filter(p -> p.getFileName().toString().startsWith("bad"))).isEmpty();
        }
        assertRefusedRow("bad__name.txt", report);
        assertThat(refusals("name")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aNameWithABackslashIsRefusedUnderAUsableName() throws Exception {
        Files.createDirectories(folder.inbox);
        Files.writeString(folder.inbox.resolve("windows\\path.txt"), "a backslash in the name");

        JsonNode report = folder.awaitErrorReport("windows_path.txt");

        assertThat(report.path("error").asText()).contains("backslash");
        assertThat(folder.inbox.resolve("windows\\path.txt")).doesNotExist();
        assertRefusedRow("windows_path.txt", report);
    }

    @Test
    void anEmptyFileGetsAFailedRowAndItsReport() throws Exception {
        folder.drop("empty.txt", new byte[0]);

        JsonNode report = folder.awaitErrorReport("empty.txt");

        assertThat(report.path("error").asText()).contains("empty");
        FileEntry row = ledger.find(report.path("ledgerId").asLong()).orElseThrow();
        assertThat(row).extracting(FileEntry::state, FileEntry::failedStage, FileEntry::relativePath,
                FileEntry::sizeBytes).containsExactly(FileState.FAILED, FailedStage.INPUT, "empty.txt", 0L);
    }

    private void assertRefusedRow(String relativePath, JsonNode report) {
        FileEntry row = ledger.find(report.path("ledgerId").asLong()).orElseThrow(() -> new AssertionError(
                "no ledger row for " + relativePath + ": " + report));
        assertThat(row).extracting(FileEntry::state, FileEntry::failedStage, FileEntry::relativePath)
                .containsExactly(FileState.FAILED, FailedStage.INPUT, relativePath);
        await().atMost(Duration.ofSeconds(10)).until(() -> ledger.failedCopy(row.id()).isPresent());
        assertThat(Files.exists(Path.of(ledger.failedCopy(row.id()).orElseThrow()), LinkOption.NOFOLLOW_LINKS))
                .isTrue();
    }

    private double refusals(String reason) {
        Counter counter = metrics.find("filebridge.files.refused").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private void assertNothingSentOf(byte[] content) {
        String sha = HotFolder.sha256(content);
        List<SendcloudUpload> sent = sendcloud.uploads().stream().filter(u -> u.sha256().equals(sha))
                .toList();
        assertThat(sent).isEmpty();
    }
}
