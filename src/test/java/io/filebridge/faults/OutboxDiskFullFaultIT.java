package io.filebridge.faults;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.filebridge.testsupport.SmallDisk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A full outbox disk (issue 11, points 4 and 7): the receipts folder is a 1 MiB tmpfs filled to the last byte while
 * files are uploaded, then freed. A failure after the upload is a failure of the file with a report, never a silent
 * one: nothing lost, every input with a receipt or an error report, no temporary file left in the outbox, no second
 * upload, and a ledger row that says what happened. (What happens once space is back, an automatic retry of the
 * receipt or a FAILED row whose report says the vendor has the file, is the product's choice; both pass here.)
 * Needs root for the mount: it fails, not skips, without it.
 */
class OutboxDiskFullFaultIT {

    private static final FaultSettings SETTINGS = FaultSettings.current();
    private static final int FILES = 12;

    @AfterAll
    static void printSummary() {
        FaultSummary.print("outbox disk full (seed " + SETTINGS.seed() + ")");
    }

    @Test
    void aFullOutboxFailsFilesWithReportsAndLosesNothing() throws Exception {
        long seed = SETTINGS.seed();
        try (FaultRun run = FaultRun.create("outbox-full", "h2", List.of("uploads"), SETTINGS, List.of());
                Feeder feeder = run.feeder(FILES, seed);
                SmallDisk outbox = SmallDisk.mount(run.dataDir.resolve("outbox").resolve("uploads"), 1024 * 1024)) {
            outbox.fill();
            run.app.start().awaitReady(FaultRun.READY_TIMEOUT);
            feeder.start(Duration.ofMillis(200));
            UploadsPipeline uploads = (UploadsPipeline) run.pipelines.get(0);
            // every file was taken and sent while the disk was full
            await().atMost(Duration.ofSeconds(90)).until(() -> feeder.finished()
                    && feeder.inputs().stream().noneMatch(uploads::inIntake)
                    && run.vendors.sendcloud.uploads().size() >= FILES);
            outbox.free();
            System.out.println("outbox space is back");
            run.awaitSettled(feeder, Duration.ofSeconds(60), Duration.ofSeconds(15));
            run.app.stop();

            List<Input> inputs = feeder.inputs();
            List<Verdict> verdicts = run.judge(inputs, Map.of(), seed, run.app.runs(), 0).stream()
                    .map(v -> LedgerOutageFaultIT.renamed(v, "outbox full: " + v.scenario())).toList();
            verdicts.forEach(FaultSummary::add);
            List<String> unaccounted = inputs.stream().filter(i -> !Files.exists(uploads.receipt(i))
                    && !Files.exists(i.under(uploads.inbox.resolve(".failed"), ".error.json")))
                    .map(i -> "neither a receipt nor an error report: " + i).toList();
            Verdicts.assertHold(verdicts, unaccounted, seed, run);
        }
    }
}
