package io.filebridge.faults;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The ledger database goes away for a while (issue 11, point 7): PostgreSQL is stopped under the running application
 * (uploads and submissions in flight) for {@code faults.outage-seconds} (10 s; 45 s in the long run, longer than the
 * connection pool's 30 s wait) while files keep arriving, then started again on the same port and data. Files must
 * wait and resume: nothing lost or stuck, nothing failed because of the outage, every file uploaded once, every row
 * truthful.
 */
class LedgerOutageFaultIT {

    private static final FaultSettings SETTINGS = FaultSettings.current();
    private static final Duration OUTAGE = SETTINGS.ledgerOutage();

    @AfterAll
    static void printSummary() {
        FaultSummary.print("ledger outage (seed " + SETTINGS.seed() + ")");
    }

    @Test
    void filesWaitWhileTheLedgerDatabaseIsDownAndResumeAfterIt() throws Exception {
        long seed = SETTINGS.seed();
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        try (FaultRun run = FaultRun.create("ledger-outage", "postgresql", SETTINGS.scenarios(), SETTINGS, List.of());
                Feeder feeder = run.feeder(30, seed)) {
            LedgerDatabase.Postgres postgres = (LedgerDatabase.Postgres) run.database;
            run.app.start().awaitReady(FaultRun.READY_TIMEOUT);
            feeder.start(OUTAGE.plusSeconds(5).dividedBy(30)); // arrivals before, during and after the outage
            // the pipelines are under way (the first uploads are done) when the ledger goes
            await().atMost(Duration.ofSeconds(60)).until(() -> run.vendors.sendcloud.uploads().size() >= 4);
            // slow vendor answers from now on: uploads and submissions are in flight when the ledger stops
            for (int i = 0; i < 6; i++) {
                run.vendors.sendcloud.delay(Duration.ofSeconds(2));
                run.vendors.phrase.delay(Duration.ofSeconds(2));
            }
            clock.schedule(() -> {
                postgres.stopServer();
                return null;
            }, 700, TimeUnit.MILLISECONDS).get(60, TimeUnit.SECONDS);
            System.out.println("ledger database stopped; " + feeder.inputs().size() + " files dropped so far");
            clock.schedule(() -> {
                postgres.startServer();
                return null;
            }, OUTAGE.toMillis(), TimeUnit.MILLISECONDS).get(OUTAGE.toSeconds() + 60, TimeUnit.SECONDS);
            System.out.println("ledger database started again; " + feeder.inputs().size() + " files dropped so far");
            run.awaitSettled(feeder, SETTINGS.settleTimeout(), SETTINGS.quietTimeout());
            run.app.stop();

            List<Input> inputs = feeder.inputs();
            List<Verdict> verdicts = run.judge(inputs, Map.of(), seed, run.app.runs(), 0).stream()
                    .map(v -> renamed(v, "ledger outage: " + v.scenario())).toList();
            verdicts.forEach(FaultSummary::add);
            List<String> failed = inputs.stream().filter(i -> run.pipeline(i).failedWithReport(i))
                    .map(i -> "failed because the ledger database was away for " + OUTAGE + ": " + i).toList();
            Verdicts.assertHold(verdicts, failed, seed, run);
        } finally {
            clock.shutdownNow();
        }
    }

    static Verdict renamed(Verdict v, String scenario) {
        return new Verdict(scenario, v.database(), v.seed(), v.runs(), v.kills(), v.files(), v.lost(), v.stuck(),
                v.extraUploads(), v.inFlightBound(), v.unflagged(), v.partialOutputs(), v.untruthful(),
                v.outputsWrong(), v.details());
    }
}
