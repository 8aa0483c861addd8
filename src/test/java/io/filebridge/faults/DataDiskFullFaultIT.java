package io.filebridge.faults;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.filebridge.testsupport.SmallDisk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The data disk fills up (issue 11, point 7): the embedded H2 ledger lives on a small tmpfs that fills up (to less
 * than {@code filebridge.disk.min-free}) while files flow, then is freed. While it is full readiness is DOWN (the
 * dataDisk check), no new file is taken and files wait in their inbox; once space is back every file goes through:
 * nothing lost, stuck or failed because of the disk, every file uploaded once, every row truthful. Needs root for the
 * tmpfs (it fails, not skips, without). A disk filled to its very last byte faster than filebridge notices is beyond
 * the embedded ledger: see docs/promises.md.
 */
class DataDiskFullFaultIT {

    private static final FaultSettings SETTINGS = FaultSettings.current();
    private static final int FILES = 30;

    @AfterAll
    static void printSummary() {
        FaultSummary.print("data disk full (seed " + SETTINGS.seed() + ")");
    }

    @Test
    void filesWaitWhileTheLedgerDiskIsFullAndGoOnWhenSpaceIsBack() throws Exception {
        long seed = SETTINGS.seed();
        // a threshold that suits a 32 MiB disk (the default, 100 MB, is for real ones)
        try (FaultRun run = FaultRun.create("data-disk-full", "h2", List.of("uploads"), SETTINGS,
                List.of("--filebridge.disk.min-free=4MB"));
                SmallDisk ledgerDisk = SmallDisk.mount(run.dataDir.resolve("ledger"), 32L * 1024 * 1024);
                Feeder feeder = run.feeder(FILES, seed)) {
            run.app.start().awaitReady(FaultRun.READY_TIMEOUT);
            feeder.start(Duration.ofMillis(300));
            await().atMost(Duration.ofSeconds(60)).until(() -> run.vendors.sendcloud.uploads().size() >= 3);
            ledgerDisk.fillLeaving(1024 * 1024);
            System.out.println("ledger disk full; " + feeder.inputs().size() + " files dropped so far");
            await().atMost(Duration.ofSeconds(60)).until(() -> run.app.readinessStatus() == 503);
            await().atMost(Duration.ofSeconds(60)).until(feeder::finished);
            ledgerDisk.free();
            System.out.println("ledger disk space is back");
            await().atMost(Duration.ofSeconds(60)).until(() -> run.app.readinessStatus() == 200);
            run.awaitSettled(feeder, SETTINGS.settleTimeout(), SETTINGS.quietTimeout());
            run.app.stop();

            List<Input> inputs = feeder.inputs();
            List<Verdict> verdicts = run.judge(inputs, Map.of(), seed, run.app.runs(), 0).stream()
                    .map(v -> LedgerOutageFaultIT.renamed(v, "data disk full: " + v.scenario())).toList();
            verdicts.forEach(FaultSummary::add);
            List<String> failed = inputs.stream().filter(i -> run.pipeline(i).failedWithReport(i))
                    .map(i -> "failed because the data disk was full: " + i).toList();
            Verdicts.assertHold(verdicts, failed, seed, run);
        }
    }
}
