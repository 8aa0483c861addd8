package io.filebridge.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Crash consistency, from the outside (issue 11, point 9): the packaged application runs as its own process with the
 * upload, translation and S3 pipelines at once, files flow in continuously, and the process is killed with SIGKILL
 * at random moments (seeded; the seed is printed) and started again. Then every input is judged against the vendors'
 * own records, the folders and the ledger read straight from its database ({@link FaultJudge}): 0 lost, 0 stuck, 0
 * partial outputs, 0 untruthful rows, every translation output exactly once, and extra uploads no more than the
 * uploads in flight at the kills (UPLOADING rows, counted while the process is dead), each one flagged.
 *
 * <p>Files of 4 KB and more count as large here ({@code filebridge.intake.large-files-from}; 16 MB when shipped), so
 * the kills also hit uploads that start before their ledger row, while the file is hashed, with their last block
 * held back until the row says UPLOADING (TailGate): a kill before that leaves the vendor an abandoned request, never
 * an upload the ledger does not know.
 *
 * <p>Short by default (part of {@code ./mvnw verify}); the long run is {@code ./mvnw verify -Pfaults} (25 kills over
 * 1,200 files per pipeline, unit tests skipped). Knobs: {@code -Dfaults.seed}, {@code -Dfaults.kills},
 * {@code -Dfaults.files}, {@code -Dfaults.scenarios=uploads,translations,s3}, {@code -Dfaults.databases=h2,postgresql}.
 */
class KillFaultIT {

    private static final FaultSettings SETTINGS = FaultSettings.current();
    private static final Duration MIN_GAP = Duration.ofMillis(200);

    @BeforeAll
    static void printSeed() {
        System.out.println("fault suite seed " + SETTINGS.seed() + " (repeat with -Dfaults.seed=" + SETTINGS.seed()
                + "): " + SETTINGS.kills() + " kills, " + SETTINGS.files() + " files per pipeline, pipelines "
                + SETTINGS.scenarios());
    }

    @AfterAll
    static void printSummary() {
        FaultSummary.print("kill -9 (seed " + SETTINGS.seed() + ")");
    }

    static List<String> databases() {
        return SETTINGS.databases();
    }

    @ParameterizedTest(name = "kill -9 while files flow, ledger on {0}")
    @MethodSource("databases")
    void promisesHoldWhenTheProcessIsKilledAtRandomMoments(String database) throws Exception {
        long seed = SETTINGS.seed();
        Random killer = new Random(seed);
        Map<String, Integer> inFlightAtKills = new LinkedHashMap<>();
        List<String> startFailure = new ArrayList<>();
        int kills = SETTINGS.kills();
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        try (FaultRun run = FaultRun.create("kill", database, SETTINGS.scenarios(), SETTINGS,
                List.of("--filebridge.intake.large-files-from=4KB"));
                Feeder feeder = run.feeder(SETTINGS.files(), seed)) {
            long startedAt = System.nanoTime();
            run.app.start().awaitReady(FaultRun.READY_TIMEOUT);
            Duration startup = Duration.ofNanos(System.nanoTime() - startedAt);
            feeder.start(pace(startup));
            for (int kill = 1; kill <= SETTINGS.kills(); kill++) {
                Duration gap = MIN_GAP.plusMillis(killer.nextLong(SETTINGS.maxKillGap().minus(MIN_GAP).toMillis()));
                ScheduledFuture<?> killed = clock.schedule(() -> {
                    if (!run.app.alive()) {
                        throw new AssertionError("the application died by itself before kill; its log: "
                                + run.app.log() + "\n" + run.app.tail());
                    }
                    run.app.kill();
                }, gap.toMillis(), TimeUnit.MILLISECONDS);
                killed.get(gap.toSeconds() + 60, TimeUnit.SECONDS);
                // the process is dead: the ledger says what was in flight (and the H2 file can be opened)
                Map<String, Integer> uploading = inFlight(run);
                uploading.forEach((pipeline, count) -> inFlightAtKills.merge(pipeline, count, Integer::sum));
                System.out.printf("kill %d/%d after %d ms of readiness: %d files dropped, UPLOADING at the kill %s%n",
                        kill, SETTINGS.kills(), gap.toMillis(), feeder.inputs().size(), uploading);
                try {
                    run.app.start().awaitReady(FaultRun.READY_TIMEOUT);
                } catch (AssertionError cannotStart) {
                    // e.g. a ledger the kill left unreadable: judge what is there, and say so
                    startFailure.add("after kill " + kill + " the application did not start again: "
                            + cannotStart.getMessage());
                    kills = kill;
                    break;
                }
            }
            if (startFailure.isEmpty()) {
                run.awaitSettled(feeder, SETTINGS.settleTimeout(), SETTINGS.quietTimeout());
            } else {
                feeder.close();
            }
            run.app.stop();

            List<Verdict> verdicts = run.judge(feeder.inputs(), inFlightAtKills, seed, run.app.runs(), kills);
            verdicts.forEach(FaultSummary::add);
            Verdicts.assertHold(verdicts, startFailure, seed, run);
        } finally {
            clock.shutdownNow();
        }
    }

    /** UPLOADING rows per pipeline; none when the ledger cannot be read (the next start will say why). */
    private static Map<String, Integer> inFlight(FaultRun run) {
        try {
            return LedgerRows.uploading(run.database);
        } catch (IllegalStateException e) {
            System.out.println("the ledger could not be read after the kill: " + e.getMessage());
            return Map.of();
        }
    }

    /**
     * Spreads the files over the expected kill phase (kills x (mean gap + start-up)), so that files keep arriving
     * through every run, every kill and every start.
     */
    private static Duration pace(Duration startup) {
        Duration meanGap = MIN_GAP.plus(SETTINGS.maxKillGap()).dividedBy(2);
        Duration phase = meanGap.plus(startup).multipliedBy(Math.max(1, SETTINGS.kills()));
        Duration pace = phase.dividedBy(Math.max(1, SETTINGS.files()));
        return pace.compareTo(Duration.ofMillis(20)) < 0 ? Duration.ofMillis(20) : pace;
    }
}
