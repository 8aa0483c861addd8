package io.filebridge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.filebridge.ops.api.ApiClient;
import io.filebridge.sandbox.emulator.ScriptedFault;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.testsupport.HotFolder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The PostgreSQL ledger stops in the middle of a run and comes back: files dropped meanwhile wait in the inbox (none
 * is failed or lost for it), readiness says the ledger is out, and once it is back every file is uploaded exactly once.
 */
@ExtendWith(OutputCaptureExtension.class)
class LedgerOutageTest {

    static final SendcloudEmulator sendcloud = new SendcloudEmulator().start();
    static final HotFolder folder = HotFolder.create("ledger-outage");

    @AfterAll
    static void stopServer() {
        sendcloud.close();
    }

    @Test
    void filesWaitWhileTheLedgerIsDownAndAreUploadedOnceWhenItIsBack() throws Exception {
        Path data = folder.root.resolve("postgres");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        EmbeddedPostgres postgres = postgres(data, port);
        String url = postgres.getJdbcUrl("postgres", "postgres");
        List<String> contents = new ArrayList<>();
        try (ConfigurableApplicationContext app = PipelineTestSettings.startSendcloudApp(folder, url, sendcloud,
                Map.of("spring.datasource.username", "postgres", "spring.datasource.hikari.connection-timeout",
                        "1000", "filebridge.ops.password", ""))) {
            ApiClient api = new ApiClient(((WebServerApplicationContext) app).getWebServer().getPort());
            for (int i = 0; i < 3; i++) {
                contents.add(drop("before-" + i + ".txt"));
            }
            for (int i = 0; i < 3; i++) {
                folder.awaitReceipt("before-" + i + ".txt");
            }

            postgres.close();
            await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/actuator/health/readiness").status() == 503);
            for (int i = 0; i < 4; i++) {
                contents.add(drop("during-" + i + ".txt"));
            }
            // the files are offered, cannot be recorded and are left where they are, poll after poll: they stay put
            // for several quiet periods (300 ms) and connection timeouts (1 s)
            await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(folder.inbox.resolve(".failed")).doesNotExist();
                for (int i = 0; i < 4; i++) {
                    assertThat(folder.inbox.resolve("during-" + i + ".txt")).exists();
                }
            });

            postgres = postgres(data, port);
            for (int i = 0; i < 4; i++) {
                folder.awaitReceipt("during-" + i + ".txt");
                folder.awaitDone("during-" + i + ".txt");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/actuator/health/readiness").status() == 200);
        } finally {
            postgres.close();
        }
        for (String content : contents) {
            String sha = HotFolder.sha256(content.getBytes(StandardCharsets.UTF_8));
            assertThat(sendcloud.uploads()).filteredOn(u -> u.sha256().equals(sha)).as("uploads of %s", content)
                    .hasSize(1);
        }
        assertThat(folder.inbox.resolve(".failed")).doesNotExist();
    }

    /**
     * Why: the vendor answered an upload while the ledger was down; recording that attempt failed, the run failed as
     * an outage, and the input was left in the inbox and sent a second time once the ledger was back (found by the
     * long fault run, ledger outage under translations).
     */
    @Test
    void anUploadTheVendorAnswersWhileTheLedgerIsDownIsRecordedOnceItIsBackNotSentAgain(CapturedOutput output)
            throws Exception {
        Path data = folder.root.resolve("postgres-answer");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        EmbeddedPostgres postgres = postgres(data, port);
        String url = postgres.getJdbcUrl("postgres", "postgres");
        String content;
        try (ConfigurableApplicationContext app = PipelineTestSettings.startSendcloudApp(folder, url, sendcloud,
                Map.of("spring.datasource.username", "postgres", "spring.datasource.hikari.connection-timeout",
                        "1000", "filebridge.ops.password", ""))) {
            sendcloud.fault(new ScriptedFault.Delay(Duration.ofSeconds(4)));
            content = drop("answered-during-outage.txt");
            // the request is at the vendor (the row is UPLOADING, read from the database itself), whose answer takes 4 s
            await().atMost(Duration.ofSeconds(30)).until(() -> "UPLOADING".equals(state(url,
                    "answered-during-outage.txt")));
            postgres.close();
            String sha = HotFolder.sha256(content.getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(20)).until(() -> sendcloud.uploads().stream()
                    .anyMatch(u -> u.sha256().equals(sha)));
            // the answer is in and could not be recorded yet (the successful attempt goes with the completion; before
            // the fix, the run failed as an outage)
            await().atMost(Duration.ofSeconds(20)).until(() -> output.getOut().contains("Could not record the"
                    + " completed upload yet") || output.getOut().contains("left in its intake"));
            postgres = postgres(data, port);
            folder.awaitReceipt("answered-during-outage.txt");
            folder.awaitDone("answered-during-outage.txt");
            assertThat(sendcloud.uploads()).filteredOn(u -> u.sha256().equals(sha)).hasSize(1);
            assertThat(state(url, "answered-during-outage.txt")).isEqualTo("COMPLETED");
        } finally {
            postgres.close();
        }
    }

    /** The state of the newest ledger row of this file name, read from the database; null while it is unreachable. */
    private static String state(String url, String name) {
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                PreparedStatement q = c.prepareStatement(
                        "select state from fb_file where file_name = ? order by id desc limit 1")) {
            q.setString(1, name);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            return null;
        }
    }

    private static String drop(String name) throws Exception {
        String content = name + " " + UUID.randomUUID();
        folder.drop(name, content);
        return content;
    }

    /** A PostgreSQL server on a fixed port and data folder, so that a stopped one can be started again as it was. */
    private static EmbeddedPostgres postgres(Path data, int port) throws Exception {
        Files.createDirectories(data);
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }
}
