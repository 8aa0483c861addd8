package io.filebridge.faults;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.filebridge.testsupport.HotFolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile inputs (issue 11, point 3) among ordinary ones, with a kill in the middle: a link to a file outside the
 * inbox, a linked folder, a FIFO, a name the JVM cannot decode, a name with a backslash and an empty file. Each must
 * end in the failed folder (under a usable name) with its report and a FAILED row of the INPUT stage, a link's target
 * must never reach the vendor, and the ordinary files around them must keep every promise as in the kill runs.
 */
class HostileInputsFaultIT {

    private static final FaultSettings SETTINGS = FaultSettings.current();
    private static final int FILES = 30;

    /** A hostile entry: the name it must have in the failed folder, and what it is. */
    private record Hostile(String refusedAs, String reason) {
    }

    @AfterAll
    static void printSummary() {
        FaultSummary.print("hostile inputs (seed " + SETTINGS.seed() + ")");
    }

    @Test
    void hostileEntriesAreRefusedAndReportedWhileOrdinaryFilesKeepEveryPromise() throws Exception {
        long seed = SETTINGS.seed();
        try (FaultRun run = FaultRun.create("hostile", "h2", List.of("uploads"), SETTINGS, List.of());
                Feeder feeder = run.feeder(FILES, seed)) {
            UploadsPipeline uploads = (UploadsPipeline) run.pipelines.get(0);
            Path secrets = Files.createDirectories(run.workDir.resolve("elsewhere"));
            byte[] secret = ("not for any vendor " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
            Files.write(secrets.resolve("secret.txt"), secret);
            Files.write(Files.createDirectories(secrets.resolve("folder")).resolve("payroll.csv"), secret);

            run.app.start().awaitReady(FaultRun.READY_TIMEOUT);
            feeder.start(Duration.ofMillis(150));
            List<Hostile> hostile = dropHostileEntries(uploads.inbox, secrets);
            await().atMost(Duration.ofSeconds(60)).until(() -> run.vendors.sendcloud.uploads().size() >= 5);
            run.app.kill();
            Map<String, Integer> inFlight = LedgerRows.uploading(run.database);
            System.out.println("killed with hostile entries in the inbox; UPLOADING at the kill " + inFlight);
            run.app.start().awaitReady(FaultRun.READY_TIMEOUT);
            run.awaitSettled(feeder, SETTINGS.settleTimeout(), SETTINGS.quietTimeout());
            await().atMost(Duration.ofSeconds(60)).until(() -> hostile.stream().allMatch(h -> Files.exists(
                    uploads.inbox.resolve(".failed").resolve(h.refusedAs() + ".error.json"))));
            run.app.stop();

            List<Verdict> verdicts = run.judge(feeder.inputs(), inFlight, seed, run.app.runs(), 1).stream()
                    .map(v -> LedgerOutageFaultIT.renamed(v, "hostile inputs: " + v.scenario())).toList();
            verdicts.forEach(FaultSummary::add);
            List<String> problems = new ArrayList<>();
            for (Hostile entry : hostile) {
                Path failed = uploads.inbox.resolve(".failed").resolve(entry.refusedAs());
                if (!Files.exists(failed, LinkOption.NOFOLLOW_LINKS)) {
                    problems.add(entry.reason() + " is not in the failed folder as " + failed);
                }
                String row = refusedRow(run, entry.refusedAs());
                if (!"FAILED/INPUT".equals(row)) {
                    problems.add(entry.reason() + " " + entry.refusedAs() + ": ledger row " + row
                            + ", expected FAILED/INPUT");
                }
            }
            String secretSha = HotFolder.sha256(secret);
            if (run.vendors.sendcloud.uploads().stream().anyMatch(u -> u.sha256().equals(secretSha))) {
                problems.add("a link's target reached the vendor");
            }
            try (var left = Files.walk(uploads.inbox)) {
                left.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                        .map(p -> uploads.inbox.relativize(p).toString())
                        .filter(n -> !n.startsWith(".")) // .done/, .failed/ and the inbox's .filebridge-inbox id
                        .forEach(n -> problems.add("left in the inbox: " + n));
            }
            Verdicts.assertHold(verdicts, problems, seed, run);
        }
    }

    private static List<Hostile> dropHostileEntries(Path inbox, Path secrets) throws Exception {
        Files.createDirectories(inbox);
        Files.createSymbolicLink(inbox.resolve("innocent-link.txt"), secrets.resolve("secret.txt"));
        Files.createSymbolicLink(inbox.resolve("shared-folder"), secrets.resolve("folder"));
        Files.write(inbox.resolve("empty.txt"), new byte[0]);
        Files.writeString(inbox.resolve("windows\\name.txt"), "a backslash in the name");
        run("mkfifo", inbox.resolve("pipe.csv").toString());
        // bytes 0xFF 0xFE are not UTF-8: the JVM sees a name with replacement characters that names no file
        run("bash", "-c", "printf 'raw bytes' > \"$1/$(printf 'bad\\xff\\xfename.txt')\"", "_", inbox.toString());
        return List.of(new Hostile("innocent-link.txt", "a link to a file outside the inbox"),
                new Hostile("shared-folder", "a linked folder"), new Hostile("empty.txt", "an empty file"),
                new Hostile("windows_name.txt", "a name with a backslash"), new Hostile("pipe.csv", "a FIFO"),
                new Hostile("bad__name.txt", "a name the JVM cannot decode"));
    }

    /** "STATE/STAGE" of the ledger row of a refused entry, or what was found instead. */
    private static String refusedRow(FaultRun run, String relativePath) throws Exception {
        try (Connection connection = run.database.connect(); PreparedStatement query = connection.prepareStatement(
                "select state, failed_stage from fb_file where relative_path = ? order by id")) {
            query.setString(1, relativePath);
            try (ResultSet rows = query.executeQuery()) {
                List<String> found = new ArrayList<>();
                while (rows.next()) {
                    found.add(rows.getString(1) + "/" + rows.getString(2));
                }
                return found.size() == 1 ? found.get(0) : "rows " + found;
            }
        }
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("could not run " + String.join(" ", command));
        }
    }
}
