package io.filebridge.intake.hotfolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.testsupport.HotFolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A continuous hot folder takes a new file right after its quiet period, however long its poll delay: file-system
 * events wake the poll and the next poll comes when the file's quiet period ends (FileEventScheduler). The fallback
 * poll here is ten minutes, so every file taken within seconds was found by an event.
 */
class FileEventPickupTest {

    static final SendcloudEmulator sendcloud = new SendcloudEmulator().start();
    static final HotFolder folder = HotFolder.create("events");
    static ConfigurableApplicationContext app;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(folder.inbox);
        app = PipelineTestSettings.startSendcloudApp(folder, "jdbc:h2:mem:" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", sendcloud,
                Map.of("test.delay", "600000", "filebridge.intake.quiet-period", "200ms"));
    }

    @AfterAll
    static void stop() {
        app.close();
        sendcloud.close();
    }

    @Test
    void aFileIsTakenRightAfterItsQuietPeriodWithoutWaitingForThePollDelay() throws Exception {
        long dropped = System.nanoTime();
        folder.drop("now.txt", "taken on an event");

        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(folder.receipt("now.txt")));
        assertThat(Duration.ofNanos(System.nanoTime() - dropped)).as("the quiet period (200 ms) is the only wait")
                .isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aSubfolderCreatedAfterTheStartIsWatchedToo() throws Exception {
        String path = "later-" + UUID.randomUUID().toString().substring(0, 8) + "/deeper/late.txt";
        folder.drop(path, "in a new folder");

        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(folder.receipt(path)));
        folder.drop(path.replace("late.txt", "later.txt"), "second file in the same new folder");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(folder.receipt(path.replace("late.txt",
                "later.txt"))));
    }
}
