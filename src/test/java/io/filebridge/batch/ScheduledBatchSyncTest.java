package io.filebridge.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.filebridge.FilebridgeApplication;
import io.filebridge.ledger.BatchLedger;
import io.filebridge.ledger.BatchSummary;
import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.testsupport.HotFolder;
import io.filebridge.testsupport.S3Server;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Cron-scheduled pipelines end to end (routes in pipelines/scheduled-batch.camel.yaml, test cron every 2 s): a run
 * uploads what was dropped before it, and each run, an empty one too, leaves one summary with exact counts in the
 * ledger and the log. A pipeline whose cron does not fire takes nothing; a continuous one records no batches.
 */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class)
class ScheduledBatchSyncTest {

    static final String BUCKET = "nightly";
    static final String INSTANCE = "batch-test-node";
    static final SendcloudEmulator sendcloud = new SendcloudEmulator().start();
    static final String VANISHING = "vanishing";
    static final S3Server s3 = S3Server.start().createBucket(BUCKET).createBucket(VANISHING);
    static final HotFolder folder = HotFolder.create("scheduled-batch");
    static final Path yearlyInbox = folder.root.resolve("yearly-inbox");
    static final Path continuousInbox = folder.root.resolve("continuous-inbox");
    static final Instant yesterday = Instant.now().minus(Duration.ofDays(1));

    static {
        try {
            // there before the application starts: a cron that has not fired must leave it alone
            Files.createDirectories(yearlyInbox);
            Files.writeString(yearlyInbox.resolve("waiting for 2099.csv"), "not yet");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "scheduled-batch.camel.yaml");
        registry.add("test.cron", () -> "0/2 * * * * ?");
        registry.add("test.yearly-inbox", yearlyInbox::toString);
        registry.add("test.continuous-inbox", continuousInbox::toString);
        registry.add("test.s3intake", () -> s3.targetUri(BUCKET, "exports/") + "&includeBody=false"
                + "&autocloseBody=true&deleteAfterRead=true&moveAfterRead=true&destinationBucket=" + BUCKET
                + "&destinationBucketPrefix=processed/&removePrefixOnMove=true");
        registry.add("test.s3vanishing", () -> s3.targetUri(VANISHING, "exports/") + "&includeBody=false"
                + "&autocloseBody=true&deleteAfterRead=true");
        registry.add("filebridge.instance-id", () -> INSTANCE);
        registry.add("filebridge.tracking.spool-dir", () -> folder.root.resolve("spool").toString());
        PipelineTestSettings.sendcloud(registry, sendcloud);
        registry.add("filebridge.vendors.sendcloud.uploads-per-minute", () -> "6000");
    }

    @AfterAll
    static void stopServers() {
        sendcloud.close();
        s3.close();
    }

    @Autowired
    BatchLedger batches;

    final ListAppender<ILoggingEvent> batchLines = new ListAppender<>();

    @BeforeEach
    void captureBatchLines() {
        batchLines.start();
        ((Logger) LoggerFactory.getLogger("filebridge.batch")).addAppender(batchLines);
    }

    @AfterEach
    void nothingLeftBehind() {
        ((Logger) LoggerFactory.getLogger("filebridge.batch")).detachAppender(batchLines);
        assertThat(sendcloud.pendingFaults()).isZero();
        assertThat(sendcloud.violations()).isEmpty();
    }

    @Test
    void aRunUploadsWhatWasDroppedBeforeItAndRecordsItsExactCounts() throws Exception {
        byte[] seen = unique("exported once already");
        String seed = "seed-" + UUID.randomUUID();
        dropAtOnce(seed, new Export("first.csv", seen, yesterday));
        HotFolder.awaitExists(folder.inbox.resolve(".done/" + seed + "/first.csv"));

        sendcloud.respondSendcloudError(413, "content_too_large", "File is too large.", "Content Too Large");
        byte[] fresh = unique("new export");
        byte[] big = unique("pretend this is large");
        String run = "run-" + UUID.randomUUID();
        Instant dropped = Instant.now();
        dropAtOnce(run, new Export("again.csv", seen, yesterday), new Export("new.csv", fresh, yesterday),
                new Export("big.csv", big, yesterday), new Export("today.csv", unique("still being written today"),
                        Instant.now()));

        BatchSummary summary = await().atMost(Duration.ofSeconds(30))
                .until(() -> firstRunWithFilesAfter("nightly-test", dropped), Optional::isPresent).get();
        assertThat(summary.seen()).isEqualTo(3);
        assertThat(summary.uploaded()).isEqualTo(1);
        assertThat(summary.duplicates()).isEqualTo(1);
        assertThat(summary.failed()).isEqualTo(1);
        assertThat(summary.skipped()).isZero();
        assertThat(summary.pollError()).isNull();
        assertThat(summary.instanceId()).isEqualTo(INSTANCE);
        assertThat(summary.finishedAt()).isAfterOrEqualTo(summary.startedAt());

        // every file of the run had its outcome (and was moved) before the summary was written
        assertThat(folder.inbox.resolve(".done/" + run + "/again.csv")).exists();
        JsonNode duplicate = HotFolder.awaitJson(folder.outbox.resolve(run + "/again.csv.receipt.json"));
        assertThat(duplicate.path("duplicate").asBoolean()).isTrue();
        Path newFailed = folder.inbox.resolve(".failed/" + run + "/new.csv");
        Path bigFailed = folder.inbox.resolve(".failed/" + run + "/big.csv");
        assertThat(Files.exists(newFailed) ^ Files.exists(bigFailed)).as("exactly one upload got the 413").isTrue();
        String failedName = Files.exists(newFailed) ? "new.csv" : "big.csv";
        String uploadedName = Files.exists(newFailed) ? "big.csv" : "new.csv";
        assertThat(HotFolder.awaitJson(folder.inbox.resolve(".failed/" + run + "/" + failedName + ".error.json"))
                .path("httpStatus").asInt()).isEqualTo(413);
        assertThat(folder.inbox.resolve(".done/" + run + "/" + uploadedName)).exists();
        assertThat(folder.outbox.resolve(run + "/" + uploadedName + ".receipt.json")).exists();
        assertThat(sendcloud.uploads().stream().filter(u -> u.sha256().equals(HotFolder.sha256(seen)))).hasSize(1);

        // today's export waits for a later night: the following runs are empty and leave it where it is
        await().atMost(Duration.ofSeconds(20)).until(() -> batches.recent("nightly-test", 100).stream()
                .anyMatch(b -> b.startedAt().isAfter(summary.finishedAt()) && b.seen() == 0));
        assertThat(batches.recent("nightly-test", 100).stream()
                .filter(b -> b.startedAt().isAfter(dropped) && b.seen() > 0)).containsExactly(summary);
        assertThat(folder.inbox.resolve(run + "/today.csv")).exists();

        ILoggingEvent line = batchLines.list.stream()
                .filter(e -> e.getFormattedMessage().contains("batchId=" + summary.id() + "")
                        && e.getFormattedMessage().startsWith("BATCH pipeline=nightly-test "))
                .findFirst().orElseThrow(() -> new AssertionError("no log line for batch " + summary.id()));
        assertThat(line.getLevel()).isEqualTo(Level.WARN); // a file failed
        assertThat(line.getFormattedMessage()).contains("schedule=\"quartz 0/2 * * * * ?\"")
                .contains("instance=" + INSTANCE)
                .contains(" seen=3 uploaded=1 duplicates=1 failed=1 skipped=0 ");
    }

    @Test
    void everyRunOfTheScheduleLeavesASummaryEvenAnEmptyOne() {
        Instant from = Instant.now();
        await().atMost(Duration.ofSeconds(20)).until(() -> runsSince("nightly-test", from).size() >= 3);

        List<BatchSummary> runs = runsSince("nightly-test", from);
        BatchSummary empty = runs.stream().filter(b -> b.seen() == 0).findFirst().orElseThrow();
        assertThat(empty.uploaded() + empty.duplicates() + empty.failed() + empty.skipped()).isZero();
        assertThat(empty.pollError()).isNull();
        // runs follow the cron (every 2 s), not the 500 ms of a continuous poll
        for (int i = 1; i < runs.size(); i++) {
            assertThat(Duration.between(runs.get(i - 1).startedAt(), runs.get(i).startedAt()))
                    .isGreaterThan(Duration.ofMillis(1000));
        }
        assertThat(batchLines.list).anyMatch(e -> e.getLevel() == Level.INFO
                && e.getFormattedMessage().startsWith("BATCH pipeline=nightly-test ")
                && e.getFormattedMessage().contains(" seen=0 uploaded=0 duplicates=0 failed=0 skipped=0 "));
    }

    @Test
    void aCronThatHasNotFiredTakesNothingAndContinuousPipelinesRecordNoBatches() throws Exception {
        Files.createDirectories(continuousInbox);
        Files.writeString(continuousInbox.resolve("continuous.csv"), "taken at once " + UUID.randomUUID());
        HotFolder.awaitExists(folder.outbox.resolve("continuous/continuous.csv.receipt.json"));
        HotFolder.awaitExists(continuousInbox.resolve(".done/continuous.csv"));

        Instant from = Instant.now();
        await().atMost(Duration.ofSeconds(20)).until(() -> runsSince("nightly-test", from).size() >= 2);

        assertThat(yearlyInbox.resolve("waiting for 2099.csv")).exists();
        assertThat(folder.outbox.resolve("yearly")).doesNotExist();
        assertThat(batches.recent("yearly-test", 10)).isEmpty();
        assertThat(batches.recent("continuous-test", 10)).isEmpty();
    }

    @Test
    void anS3IntakeOnACronUploadsItsObjectsAndRecordsItsRuns() {
        Instant from = Instant.now();
        byte[] one = unique("s3 export one");
        byte[] two = unique("s3 export two");
        s3.client().putObject(r -> r.bucket(BUCKET).key("exports/2026/one.csv"), RequestBody.fromBytes(one));
        s3.client().putObject(r -> r.bucket(BUCKET).key("exports/2026/two.csv"), RequestBody.fromBytes(two));

        await().atMost(Duration.ofSeconds(30)).until(() -> s3.keys(BUCKET, "processed/").size() == 2);
        await().atMost(Duration.ofSeconds(20)).until(() -> runsSince("s3-nightly-test", from).stream()
                .mapToInt(BatchSummary::uploaded).sum() == 2);

        List<BatchSummary> runs = runsSince("s3-nightly-test", from);
        assertThat(runs.stream().mapToInt(BatchSummary::seen).sum()).isEqualTo(2);
        assertThat(runs.stream().mapToInt(b -> b.duplicates() + b.failed() + b.skipped()).sum()).isZero();
        assertThat(s3.keys(BUCKET, "exports/")).isEmpty();
        assertThat(sendcloud.uploads().stream().filter(u -> u.sha256().equals(HotFolder.sha256(one)))).hasSize(1);
        assertThat(sendcloud.uploads().stream().filter(u -> u.sha256().equals(HotFolder.sha256(two)))).hasSize(1);
    }

    @Test
    void aPollThatFailsStillLeavesASummaryWithTheError() {
        await().atMost(Duration.ofSeconds(20)).until(() -> !batches.recent("s3-vanishing-test", 1).isEmpty());
        s3.client().deleteBucket(r -> r.bucket(VANISHING));
        Instant deleted = Instant.now();

        BatchSummary failedPoll = await().atMost(Duration.ofSeconds(20)).until(
                () -> runsSince("s3-vanishing-test", deleted).stream().filter(b -> b.pollError() != null).findFirst(),
                Optional::isPresent).get();
        assertThat(failedPoll.pollError()).contains("NoSuchBucket");
        assertThat(failedPoll.seen()).isZero();
        assertThat(batchLines.list).anyMatch(e -> e.getLevel() == Level.WARN
                && e.getFormattedMessage().startsWith("BATCH pipeline=s3-vanishing-test ")
                && e.getFormattedMessage().contains("pollError=\"") && e.getFormattedMessage().contains("NoSuchBucket"));
        assertThat(failedPoll.pollError()).doesNotContain(S3Server.SECRET_KEY);
    }

    record Export(String name, byte[] content, Instant modified) {
    }

    /**
     * Writes the files into a hidden folder (never taken), then renames it into the inbox: all of them appear at
     * once, so one run sees all or none of them.
     */
    static void dropAtOnce(String folderName, Export... exports) throws IOException {
        Path staging = Files.createDirectories(folder.inbox.resolve("." + folderName));
        for (Export export : exports) {
            Path file = Files.write(staging.resolve(export.name()), export.content());
            Files.setLastModifiedTime(file, FileTime.from(export.modified()));
        }
        Files.move(staging, folder.inbox.resolve(folderName), StandardCopyOption.ATOMIC_MOVE);
    }

    Optional<BatchSummary> firstRunWithFilesAfter(String pipeline, Instant after) {
        return runsSince(pipeline, after).stream().filter(b -> b.seen() > 0).findFirst();
    }

    /** The pipeline's runs that started after {@code from}, oldest first. */
    List<BatchSummary> runsSince(String pipeline, Instant from) {
        return batches.recent(pipeline, 1000).stream().filter(b -> b.startedAt().isAfter(from))
                .sorted(Comparator.comparing(BatchSummary::startedAt)).toList();
    }

    static byte[] unique(String text) {
        return (text + " " + UUID.randomUUID() + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
