package io.filebridge.intake.hotfolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.filebridge.FilebridgeApplication;
import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.testsupport.HotFolder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The shipped hot-folder pipeline (routes/support-attachments.camel.yaml, as a user runs it) protects against the
 * ways writers and archives lose data: a file still being written under a temporary name is never taken, and an
 * archive never replaces an earlier archive of the same name.
 */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class)
class ShippedHotFolderTest {

    static final SendcloudEmulator sendcloud = new SendcloudEmulator().start();
    static final Path data = Path.of("target", "test-work", "shipped-" + UUID.randomUUID().toString().substring(0, 8))
            .toAbsolutePath();
    static final Path inbox = data.resolve("inbox/support");
    static final Path outbox = data.resolve("outbox/support");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("camel.main.routes-include-pattern", () -> "file:routes/support-attachments.camel.yaml");
        registry.add("filebridge.data-dir", data::toString);
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        registry.add("filebridge.intake.quiet-period", () -> "300ms");
        registry.add("server.port", () -> "0");
        PipelineTestSettings.sendcloud(registry, sendcloud);
    }

    @AfterAll
    static void stopServer() {
        sendcloud.close();
    }

    @Test
    void aSecondFileOfTheSameNameIsArchivedBesideTheFirstNotOverIt() throws Exception {
        drop("twice.txt", "first version");
        awaitUploads("first version");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve(".done/twice.txt")));
        drop("twice.txt", "second version");
        awaitUploads("second version");

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve(".done/twice (2).txt")));
        assertThat(Files.readString(inbox.resolve(".done/twice.txt"))).isEqualTo("first version");
        assertThat(Files.readString(inbox.resolve(".done/twice (2).txt"))).isEqualTo("second version");
    }

    @Test
    void aWriterThatPausesLongerThanTheQuietPeriodUnderATemporaryNameIsTakenOnceWhole() throws Exception {
        Files.createDirectories(inbox);
        Path part = inbox.resolve("scan.pdf.part");
        byte[] first = "first half of the scan, ".getBytes(StandardCharsets.UTF_8);
        byte[] second = "second half after a long pause".getBytes(StandardCharsets.UTF_8);
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        try (OutputStream out = Files.newOutputStream(part)) {
            out.write(first);
            out.flush();
            // the writer stops for 5 quiet periods, then finishes and renames the file into its real name
            ScheduledFuture<?> rest = writer.schedule(() -> {
                out.write(second);
                out.flush();
                return null;
            }, 1500, TimeUnit.MILLISECONDS);
            rest.get(10, TimeUnit.SECONDS);
        } finally {
            writer.shutdown();
        }
        assertThat(sendcloud.uploads()).as("nothing of the partial file was taken").noneMatch(u -> u.filename()
                .startsWith("scan.pdf"));
        Files.move(part, inbox.resolve("scan.pdf"), StandardCopyOption.ATOMIC_MOVE);

        String whole = HotFolder.sha256((new String(first, StandardCharsets.UTF_8)
                + new String(second, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(outbox.resolve("scan.pdf.receipt.json")));
        assertThat(sendcloud.uploads().stream().filter(u -> u.filename().startsWith("scan.pdf")))
                .singleElement().satisfies(u -> assertThat(u.sha256()).isEqualTo(whole));
    }

    private static void drop(String name, String content) throws Exception {
        Path staging = Files.createDirectories(data.resolve("staging")).resolve(UUID.randomUUID().toString());
        Files.writeString(staging, content);
        Files.createDirectories(inbox);
        Files.move(staging, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static void awaitUploads(String content) {
        String sha = HotFolder.sha256(content.getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(30)).until(() -> sendcloud.uploads().stream()
                .anyMatch(u -> u.sha256().equals(sha)));
    }
}
