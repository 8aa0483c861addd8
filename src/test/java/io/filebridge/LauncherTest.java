package io.filebridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.filebridge.testsupport.PackagedApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/filebridge, the production launcher, run against a stand-in JDK whose {@code java} prints the command line
 * it was given: which JVM options a deployment gets, without starting a JVM (the real start is the fault suite's,
 * after package).
 */
class LauncherTest {

    @TempDir
    Path temp;

    private Path home;
    private Path jdk;

    @BeforeEach
    void standIns() throws IOException {
        home = Files.createDirectories(temp.resolve("app"));
        Files.writeString(home.resolve("filebridge.jar"), "not a jar");
        jdk = temp.resolve("jdk");
        Path java = Files.createDirectories(jdk.resolve("bin")).resolve("java");
        // prints each argument on a line, then the training data dir; "writes" the archive a training start asks for
        Files.writeString(java, """
                #!/bin/sh
                for a in "$@"; do
                    echo "$a"
                    case "$a" in -XX:ArchiveClassesAtExit=*) : > "${a#-XX:ArchiveClassesAtExit=}" ;; esac
                done
                echo "data-dir=${FILEBRIDGE_DATA_DIR:-}"
                """);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void runsTheExtractedJarWithTheArchiveAndTheDefaultsThenTheCallersOptions() throws Exception {
        Files.writeString(home.resolve("filebridge.jsa"), "");

        Run run = launch(List.of("-Xmx256m"), List.of("--server.port=9090"));

        assertThat(run.exitCode).isZero();
        assertThat(run.lines).containsSubsequence("-XX:+UseSerialGC", "-Xms32m",
                "-XX:SharedArchiveFile=" + home.resolve("filebridge.jsa"), "-Xmx256m", "-jar",
                home.resolve("filebridge.jar").toString(), "--server.port=9090");
    }

    @Test
    void aCollectorChosenInJavaOptsReplacesTheDefaultOne() throws Exception {
        Run run = launch(List.of("-XX:+UseG1GC"), List.of());

        assertThat(run.lines).contains("-XX:+UseG1GC").doesNotContain("-XX:+UseSerialGC");
    }

    @Test
    void withoutAnArchiveItStartsWithoutClassDataSharing() throws Exception {
        Run run = launch(List.of(), List.of());

        assertThat(run.exitCode).isZero();
        assertThat(run.lines).noneMatch(line -> line.startsWith("-XX:SharedArchiveFile"))
                .contains(home.resolve("filebridge.jar").toString());
    }

    @Test
    void theTrainingStartStopsAfterRefreshOnAThrowawayLedgerAndWritesTheArchive() throws Exception {
        Run run = launch(List.of(), List.of("--create-cds-archive"));

        assertThat(run.exitCode).isZero();
        assertThat(run.lines).contains("-XX:ArchiveClassesAtExit=" + home.resolve("filebridge.jsa"),
                "-Dspring.context.exit=onRefresh").doesNotContain("--create-cds-archive");
        assertThat(home.resolve("filebridge.jsa")).exists();
        Path dataDir = Path.of(run.lines.get(run.lines.size() - 1).substring("data-dir=".length()));
        assertThat(dataDir.getFileName().toString()).startsWith("filebridge-cds.");
        assertThat(dataDir).doesNotExist(); // removed afterwards
    }

    @Test
    void withoutTheExtractedApplicationItSaysHowToBuildIt() throws Exception {
        Files.delete(home.resolve("filebridge.jar"));

        Run run = launch(List.of(), List.of());

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(String.join("\n", run.lines)).contains("./mvnw package");
    }

    private Run launch(List<String> jvmOptions, List<String> arguments) throws Exception {
        ProcessBuilder builder = PackagedApplication.at(Path.of("bin/filebridge"), home)
                .processBuilder(jvmOptions, arguments).directory(temp.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", jdk.toString());
        builder.environment().put("TMPDIR", temp.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output.lines().toList());
    }

    private record Run(int exitCode, List<String> lines) {
    }
}
