package io.filebridge.faults;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The knobs of the fault suite, from system properties (the pom passes them from Maven properties, so
 * {@code -Dfaults.kills=25} on the command line reaches the forked test JVM). The short defaults keep
 * {@code ./mvnw verify} fast; the {@code faults} profile raises them for the long run.
 */
record FaultSettings(long seed, int kills, int files, int clusterFiles, List<String> scenarios,
        List<String> databases, Duration settleTimeout, Duration quietTimeout, Duration maxKillGap, Duration ledgerOutage, Path jar,
        Path config) {

    private static final FaultSettings CURRENT = fromSystemProperties();

    /** The settings of this test JVM: one seed for every fault IT of a build, so one seed repeats the build. */
    static FaultSettings current() {
        return CURRENT;
    }

    private static FaultSettings fromSystemProperties() {
        String seedText = property("faults.seed", "");
        long seed = seedText.isEmpty() ? new SecureRandom().nextLong() : Long.parseLong(seedText);
        return new FaultSettings(seed,
                Integer.parseInt(property("faults.kills", "3")),
                Integer.parseInt(property("faults.files", "60")),
                Integer.parseInt(property("faults.cluster-files", "200")),
                list(property("faults.scenarios", "uploads,translations,s3")),
                list(property("faults.databases", "h2,postgresql")),
                Duration.ofSeconds(Long.parseLong(property("faults.settle-timeout-seconds", "180"))),
                Duration.ofSeconds(Long.parseLong(property("faults.quiet-seconds", "25"))),
                Duration.ofMillis(Long.parseLong(property("faults.max-kill-gap-millis", "4000"))),
                Duration.ofSeconds(Long.parseLong(property("faults.outage-seconds", "10"))),
                Path.of(property("faults.jar", "target/filebridge.jar")).toAbsolutePath(),
                // the config shipped beside the jar under test (another build's jar: its own config)
                Path.of(property("faults.config", "config/application.yml")).toAbsolutePath());
    }

    /** A blank value (an unset Maven property passed through) counts as unset. */
    private static String property(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() || value.startsWith("${") ? fallback : value.strip();
    }

    private static List<String> list(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
