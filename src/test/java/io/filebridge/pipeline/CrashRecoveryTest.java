package io.filebridge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.filebridge.files.SourceFile;
import io.filebridge.intake.SourceKey;
import io.filebridge.ledger.FileEntry;
import io.filebridge.ledger.FileEvent;
import io.filebridge.ledger.FileState;
import io.filebridge.ledger.Ledger;
import io.filebridge.ledger.NewFile;
import io.filebridge.ops.api.ApiClient;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.testsupport.HotFolder;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * filebridge started on what a killed process left behind: the ledger as it was at the kill (written through the
 * ledger's own API, as the dead process would have) and the input still in the inbox. Every input continues its own
 * row: an upload the kill interrupted is sent again and counted as a reupload; a file the vendor already had is not
 * sent again, only its receipt is written and it is archived. Nothing stays INTERRUPTED or in the failed list.
 */
class CrashRecoveryTest {

    static final String INSTANCE = "crashed-node";
    static final SendcloudEmulator sendcloud = new SendcloudEmulator().start();
    static final HotFolder folder = HotFolder.create("crash-recovery");
    static final String LEDGER_URL = "jdbc:h2:file:" + folder.root.resolve("ledger/filebridge")
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";

    @AfterAll
    static void stopServer() {
        sendcloud.close();
    }

    @Test
    void whatAKillLeftIsResumedOrFinishedOnItsOwnRowsAtTheNextStart() throws Exception {
        Path interrupted = folder.drop("interrupted.txt", "the kill came during its upload");
        Path uploaded = folder.drop("uploaded.txt", "the kill came after its upload, before its archive move");
        long interruptedId;
        long uploadedId;
        try (HikariDataSource ds = new HikariDataSource()) {
            ds.setJdbcUrl(LEDGER_URL);
            ds.setUsername("sa");
            Flyway.configure().dataSource(ds).load().migrate();
            Ledger dead = new Ledger(new JdbcTemplate(ds), Clock.systemUTC(), INSTANCE);
            interruptedId = dead.pickUp(newFile(interrupted, "interrupted.txt"), id -> false).id();
            dead.markUploading(interruptedId, "req-before-the-kill");
            uploadedId = dead.pickUp(newFile(uploaded, "uploaded.txt"), id -> false).id();
            dead.markUploading(uploadedId, "req-done");
            dead.markCompleted(uploadedId, "token-from-before-the-kill", "{\"vendorId\":\"token-from-before-the-kill\","
                    + "\"ledgerId\":" + uploadedId + "}");
        }

        try (ConfigurableApplicationContext app = start()) {
            Ledger ledger = app.getBean(Ledger.class);
            JsonNode receipt = folder.awaitReceipt("interrupted.txt");
            folder.awaitDone("interrupted.txt");
            assertThat(receipt.path("ledgerId").asLong()).isEqualTo(interruptedId);
            await().atMost(Duration.ofSeconds(10)).until(() -> ledger.find(interruptedId).orElseThrow().state()
                    == FileState.COMPLETED);
            FileEntry resumed = ledger.find(interruptedId).orElseThrow();
            assertThat(resumed.reuploads()).as("the vendor may hold a copy from the interrupted upload").isEqualTo(1);
            assertThat(ledger.events(interruptedId)).extracting(FileEvent::kind).contains("INTERRUPTED",
                    Ledger.RESUMED);

            JsonNode finished = folder.awaitReceipt("uploaded.txt");
            folder.awaitDone("uploaded.txt");
            assertThat(finished.path("vendorId").asText()).isEqualTo("token-from-before-the-kill");
            assertThat(finished.path("ledgerId").asLong()).isEqualTo(uploadedId);
            assertThat(ledger.find(uploadedId).orElseThrow()).extracting(FileEntry::state, FileEntry::reuploads)
                    .containsExactly(FileState.COMPLETED, 0);
            String uploadedSha = HotFolder.sha256(Files.readAllBytes(folder.done("uploaded.txt")));
            assertThat(sendcloud.uploads()).as("only the interrupted upload was sent again")
                    .singleElement().satisfies(u -> assertThat(u.sha256()).isNotEqualTo(uploadedSha));

            ApiClient api = new ApiClient(((WebServerApplicationContext) app).getWebServer().getPort());
            assertThat(api.get("/api/jobs?state=INTERRUPTED").json().path("total").asLong()).isZero();
            assertThat(api.get("/api/jobs?state=FAILED").json().path("total").asLong()).isZero();
            assertThat(api.get("/api/jobs").json().path("total").asLong()).as("one row per input").isEqualTo(2);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(api.get("/actuator/prometheus")
                    .body().lines().filter(l -> l.startsWith("filebridge_jobs_open{")
                            && l.contains("state=\"interrupted\""))).singleElement().asString().endsWith(" 0.0"));
        }
    }

    private static NewFile newFile(Path file, String relativePath) throws Exception {
        SourceFile read = SourceFile.read(file, file.getFileName().toString(), relativePath);
        return new NewFile("sendcloud-test", "sendcloud", read.name(), relativePath, read.size(), read.sha256(),
                SourceKey.of(file));
    }

    private static ConfigurableApplicationContext start() {
        return PipelineTestSettings.startSendcloudApp(folder, LEDGER_URL, sendcloud, Map.of(
                "filebridge.instance-id", INSTANCE, "filebridge.metrics.ledger-refresh", "100ms",
                "filebridge.ops.password", ""));
    }
}
