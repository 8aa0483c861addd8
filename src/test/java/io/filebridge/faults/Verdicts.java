package io.filebridge.faults;

import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;

/** Prints a run's verdicts and fails with every broken one, the seed and where the application's logs are. */
final class Verdicts {

    private Verdicts() {
    }

    static void assertHold(List<Verdict> verdicts, long seed, FaultRun run) {
        assertHold(verdicts, List.of(), seed, run);
    }

    /** @param scenarioProblems what the scenario checks beyond the verdicts, one line each; empty when all is well */
    static void assertHold(List<Verdict> verdicts, List<String> scenarioProblems, long seed, FaultRun run) {
        verdicts.forEach(v -> System.out.println(v.describe()));
        List<String> broken = new ArrayList<>(scenarioProblems);
        verdicts.stream().filter(v -> !v.holds()).map(Verdict::describe).forEach(broken::add);
        if (!broken.isEmpty()) {
            fail(String.join("\n", broken) + "\nseed " + seed + " (-Dfaults.seed=" + seed + "); application logs in "
                    + run.workDir.resolve("logs"));
        }
    }
}
