package io.filebridge.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.filebridge.testsupport.FilebridgeProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * One inbox, one consumer (issue 11, point 6): while an instance consumes an inbox with a PostgreSQL ledger, a second
 * instance is started on the same inbox and ledger. It must refuse: readiness DOWN the whole time it runs, and it
 * must move nothing (every ledger row is the first instance's). The first instance's promises hold as usual.
 */
class SecondInstanceFaultIT {

    private static final FaultSettings SETTINGS = FaultSettings.current();
    private static final int FILES = 30;

    @AfterAll
    static void printSummary() {
        FaultSummary.print("second instance (seed " + SETTINGS.seed() + ")");
    }

    @Test
    void aSecondInstanceOnTheSameInboxRefusesAndMovesNothing() throws Exception {
        long seed = SETTINGS.seed();
        try (FaultRun run = FaultRun.create("second-instance", "postgresql", List.of("uploads"), SETTINGS, List.of());
                Feeder feeder = run.feeder(FILES, seed);
                FilebridgeProcess second = run.process(run.secondWorkDir("second"), "second", "faults-b",
                        List.of())) {
            run.app.start().awaitReady(FaultRun.READY_TIMEOUT);
            feeder.start(Duration.ofMillis(300));
            second.start();
            await().atMost(FaultRun.READY_TIMEOUT).pollInterval(Duration.ofMillis(200))
                    .until(() -> !second.alive() || second.readinessStatus() > 0);
            assertThat(second.alive()).as("the second instance exited instead of reporting its refusal on readiness;"
                    + " its log: %s%n%s", second.log(), second.tail()).isTrue();
            List<FilebridgeProcess.Answer> answers = new ArrayList<>();
            // watch it while files keep arriving: it must stay DOWN
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        answers.add(second.readiness());
                        return true;
                    });
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
                answers.add(second.readiness());
                return feeder.finished();
            });
            run.awaitSettled(feeder, SETTINGS.settleTimeout(), SETTINGS.quietTimeout());
            second.stop();
            run.app.stop();

            List<Verdict> verdicts = run.judge(feeder.inputs(), Map.of(), seed, run.app.runs() + second.runs(), 0)
                    .stream().map(v -> LedgerOutageFaultIT.renamed(v, "second instance: " + v.scenario())).toList();
            verdicts.forEach(FaultSummary::add);
            List<String> problems = new ArrayList<>();
            answers.stream().filter(a -> a.statusCode() != 503).map(a -> "readiness of the second instance on the"
                    + " same inbox and ledger answered " + a.statusCode() + " (must be 503 while it runs): "
                    + a.body().substring(0, Math.min(120, a.body().length()))).distinct().forEach(problems::add);
            LedgerRows.read(run.database).stream().filter(row -> !row.instanceId().equals("faults-a"))
                    .map(row -> "the refused second instance took " + row.relativePath() + " (row " + row.id() + ")")
                    .forEach(problems::add);
            if (!problems.isEmpty()) {
                problems.add("the second instance's log: " + second.log());
            }
            Verdicts.assertHold(verdicts, problems, seed, run);
        }
    }
}
