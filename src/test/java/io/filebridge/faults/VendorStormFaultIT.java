package io.filebridge.faults;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.sandbox.phrase.PhraseEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Vendor storms (issue 11, point 7 and 9): while files flow, Sendcloud and Phrase Language AI answer bursts of 5xx,
 * 429 with Retry-After, drop connections and hang. Each burst fits in the retry budget the scenario sets (10
 * attempts), and the hang must be cut off by the HTTP timeouts the README states (set to 5 s here, so the run stays
 * short). Then every input must be COMPLETED and uploaded exactly once: nothing lost, stuck, failed or duplicated.
 */
class VendorStormFaultIT {

    private static final FaultSettings SETTINGS = FaultSettings.current();
    private static final int FILES = 24;

    @AfterAll
    static void printSummary() {
        FaultSummary.print("vendor storms (seed " + SETTINGS.seed() + ")");
    }

    @Test
    void everyFileGetsThroughAStormOnceAndOnlyOnce() throws Exception {
        long seed = SETTINGS.seed();
        List<String> settings = List.of(
                "--filebridge.vendors.sendcloud.max-attempts=10",
                "--filebridge.vendors.phrase.max-attempts=10",
                "--camel.component.http.response-timeout=5000",
                "--camel.component.http.so-timeout=5000");
        try (FaultRun run = FaultRun.create("vendor-storm", "h2", List.of("uploads", "translations"), SETTINGS,
                settings); Feeder feeder = run.feeder(FILES, seed)) {
            // four normal answers between bursts: the upload sink sends up to four files at once
            int sendcloudFaults = VendorStorm.queue(run.vendors.sendcloud,
                    status -> SendcloudEmulator.sendcloudError(status, "storm", "scripted storm", "Storm"), 4);
            int phraseFaults = VendorStorm.queue(run.vendors.phrase,
                    status -> PhraseEmulator.problem(status, "Storm", "scripted storm"), 4);
            run.app.start().awaitReady(FaultRun.READY_TIMEOUT);
            feeder.start(Duration.ofMillis(250));
            run.awaitSettled(feeder, SETTINGS.settleTimeout(), SETTINGS.quietTimeout());
            run.app.stop();

            List<Input> inputs = feeder.inputs();
            List<Verdict> verdicts = run.judge(inputs, Map.of(), seed, run.app.runs(), 0).stream()
                    .map(v -> LedgerOutageFaultIT.renamed(v, "vendor storm: " + v.scenario())).toList();
            verdicts.forEach(FaultSummary::add);
            System.out.printf("storm: %d faults scripted at Sendcloud (%d left unused), %d at Phrase (%d left)%n",
                    sendcloudFaults, run.vendors.sendcloud.pendingFaults(), phraseFaults,
                    run.vendors.phrase.pendingFaults());
            List<String> failed = inputs.stream().filter(i -> run.pipeline(i).failedWithReport(i))
                    .map(i -> "failed although every burst fitted in the retry budget: " + i).toList();
            Verdicts.assertHold(verdicts, failed, seed, run);
        }
    }
}
