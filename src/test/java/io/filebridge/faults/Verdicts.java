package io.filebridge.faults;

import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.stream.Collectors;

/** Prints a run's verdicts and fails with every broken one, the seed and where the application's logs are. */
final class Verdicts {

    private Verdicts() {
    }

    static void assertHold(List<Verdict> verdicts, long seed, FaultRun run) {
        verdicts.forEach(v -> System.out.println(v.describe()));
        List<Verdict> broken = verdicts.stream().filter(v -> !v.holds()).toList();
        if (!broken.isEmpty()) {
            fail(broken.stream().map(Verdict::describe).collect(Collectors.joining("\n"))
                    + "\nseed " + seed + " (-Dfaults.seed=" + seed + "); application logs in "
                    + run.workDir.resolve("logs"));
        }
    }
}
