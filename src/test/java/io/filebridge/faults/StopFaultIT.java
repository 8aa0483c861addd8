package io.filebridge.faults;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A stop for a rolling update (issue 14, point 5): SIGTERM while uploads are in flight at a slow vendor (answers
 * delayed by 3 s), others wait a minute to retry a 429 ({@code Retry-After: 60}), and others wait for a permit of the
 * vendor's rate limit (20 per minute). The process must end within its grace period ({@code filebridge.stop.grace-period},
 * 25 s as shipped), much sooner than those waits, having finished or handed back every file: nothing failed for the
 * stop, nothing half done; after a start, every input uploaded exactly once.
 */
class StopFaultIT {

    private static final FaultSettings SETTINGS = FaultSettings.current();
    private static final int FILES = 30;
    private static final int SLOW_ANSWERS = 8;
    /** The shipped grace period, and a few seconds for the JVM to end after it. */
    private static final Duration GRACE = Duration.ofSeconds(25 + 5);

    @AfterAll
    static void printSummary() {
        FaultSummary.print("SIGTERM (seed " + SETTINGS.seed() + ")");
    }

    @Test
    void aStopFinishesOrHandsBackWhatItHolds() throws Exception {
        long seed = SETTINGS.seed();
        try (FaultRun run = FaultRun.create("stop", "h2", List.of("uploads"), SETTINGS,
                List.of("--filebridge.vendors.sendcloud.requests-per-minute=20"));
                Feeder feeder = run.feeder(FILES, seed)) {
            for (int i = 0; i < SLOW_ANSWERS; i++) {
                run.vendors.sendcloud.delay(Duration.ofSeconds(3));
                // and uploads waiting to retry a 429 when the stop comes
                run.vendors.sendcloud.respondRateLimited(Duration.ofSeconds(60));
            }
            run.app.start().awaitReady(FaultRun.READY_TIMEOUT);
            feeder.start(Duration.ofMillis(50));
            // several uploads are at the vendor, waiting for its answer
            await().atMost(Duration.ofMinutes(1)).until(() -> run.vendors.sendcloud.pendingFaults()
                    <= 2 * SLOW_ANSWERS - 8);
            long stopping = System.nanoTime();
            run.app.terminate();
            // readiness goes down first, while the process still finishes what it holds
            Duration notReady = null;
            boolean aliveWhenNotReady = false;
            while (run.app.alive() && System.nanoTime() - stopping < GRACE.toNanos()) {
                if (run.app.readinessStatus() != 200) {
                    aliveWhenNotReady = run.app.alive();
                    notReady = Duration.ofNanos(System.nanoTime() - stopping);
                    break;
                }
            }
            run.app.stop();
            Duration stopped = Duration.ofNanos(System.nanoTime() - stopping);
            System.out.printf("SIGTERM with uploads in flight: not ready after %s ms, the process ended after %d ms%n",
                    notReady == null ? "-" : notReady.toMillis(), stopped.toMillis());

            run.app.start().awaitReady(FaultRun.READY_TIMEOUT);
            // the files handed back wait for the next minute's permits: no vendor request for up to a minute is
            // no sign of being stuck here
            run.awaitSettled(feeder, SETTINGS.settleTimeout(), Duration.ofSeconds(75));
            run.app.stop();

            List<Input> inputs = feeder.inputs();
            List<Verdict> verdicts = run.judge(inputs, Map.of(), seed, run.app.runs(), 0).stream()
                    .map(v -> LedgerOutageFaultIT.renamed(v, "SIGTERM: " + v.scenario())).toList();
            verdicts.forEach(FaultSummary::add);
            List<String> problems = new ArrayList<>(inputs.stream().filter(i -> run.pipeline(i).failedWithReport(i))
                    .map(i -> "failed by the stop: " + i).toList());
            if (notReady == null || !aliveWhenNotReady || notReady.compareTo(Duration.ofSeconds(2)) > 0) {
                problems.add("readiness did not go down within 2 s of SIGTERM while the process was still running"
                        + " (not ready after " + notReady + ", process then alive: " + aliveWhenNotReady + ")");
            }
            if (stopped.compareTo(GRACE) > 0) {
                problems.add("the stop took " + stopped.toMillis() + " ms, more than the grace period of " + GRACE);
            }
            Verdicts.assertHold(verdicts, problems, seed, run);
        }
    }
}
