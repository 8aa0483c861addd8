package io.filebridge.faults;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.filebridge.testsupport.FilebridgeProcess;
import io.filebridge.testsupport.PackagedApplication;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One fault run's world: a working directory under {@code target/faults/} with {@code config/application.yml} (the
 * shipped one), {@code routes/} (the scenarios' pipelines) and {@code data/}; the ledger database; the loopback
 * vendors; and the application process. Settings that differ from the shipped config are passed as command-line
 * arguments, which outrank it.
 */
final class FaultRun implements AutoCloseable {

    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    /** The JVM options of every application process of the fault suite (a 256 MiB heap, as it always ran). */
    static final List<String> JVM_OPTIONS = List.of("-Xmx256m");

    final String label;
    final Path workDir;
    final Path dataDir;
    final LedgerDatabase database;
    final VendorServers vendors;
    final List<FaultPipeline> pipelines;
    final FilebridgeProcess app;
    private final FaultSettings settings;

    private FaultRun(String label, FaultSettings settings, Path workDir, LedgerDatabase database,
            VendorServers vendors, List<FaultPipeline> pipelines, List<String> extraArguments) {
        this.label = label;
        this.settings = settings;
        this.workDir = workDir;
        this.dataDir = workDir.resolve("data");
        this.database = database;
        this.vendors = vendors;
        this.pipelines = pipelines;
        this.app = process(workDir, "filebridge", "faults-a", extraArguments);
    }

    /**
     * @param scenarios pipelines by name: uploads, translations, s3
     * @param extraArguments settings for this scenario, e.g. {@code --filebridge.vendors.sendcloud.max-attempts=10}
     */
    static FaultRun create(String label, String databaseName, List<String> scenarios, FaultSettings settings,
            List<String> extraArguments) throws IOException {
        Path workDir = Files.createDirectories(Path.of("target", "faults", label + "-" + databaseName + "-"
                + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath());
        Path dataDir = Files.createDirectories(workDir.resolve("data"));
        LedgerDatabase database = LedgerDatabase.named(databaseName, dataDir);
        VendorServers vendors = new VendorServers();
        List<FaultPipeline> pipelines = new ArrayList<>();
        for (String scenario : scenarios) {
            pipelines.add(switch (scenario) {
                case "uploads" -> new UploadsPipeline(dataDir, vendors.sendcloud);
                case "translations" -> new TranslationsPipeline(dataDir, vendors.phrase);
                case "s3" -> new S3Pipeline(dataDir, vendors.s3, vendors.sendcloud);
                default -> throw new IllegalArgumentException("unknown scenario " + scenario
                        + " (uploads, translations, s3)");
            });
        }
        layOut(workDir, pipelines, settings.config());
        FaultRun run = new FaultRun(label, settings, workDir, database, vendors, pipelines, extraArguments);
        System.out.println("fault run " + label + " on " + databaseName + ": working directory " + workDir
                + ", application logs in " + workDir.resolve("logs"));
        return run;
    }

    /** config/application.yml as shipped, and the scenarios' routes. */
    private static void layOut(Path workDir, List<FaultPipeline> pipelines, Path shipped) throws IOException {
        Files.copy(shipped, Files.createDirectories(workDir.resolve("config")).resolve("application.yml"));
        Path routes = Files.createDirectories(workDir.resolve("routes"));
        for (FaultPipeline pipeline : pipelines) {
            try (InputStream route = FaultRun.class.getResourceAsStream("/faults/routes/" + pipeline.routeFile())) {
                if (route == null) {
                    throw new IllegalStateException("no route resource faults/routes/" + pipeline.routeFile());
                }
                Files.copy(route, routes.resolve(pipeline.routeFile()));
            }
        }
    }

    /**
     * An application process on this run's data dir, ledger and vendors. Another {@code workDir} with the same data
     * dir is a second instance on the same inboxes (its own config/, routes/ and logs/).
     */
    FilebridgeProcess process(Path processDir, String name, String instanceId, List<String> extraArguments) {
        List<String> arguments = new ArrayList<>(List.of(
                "--filebridge.data-dir=" + dataDir,
                "--filebridge.instance-id=" + instanceId,
                // fast: files are taken 200 ms after they stop changing, jobs polled every 500 ms
                "--filebridge.intake.quiet-period=200ms",
                "--filebridge.tracking.poll-interval=500ms"));
        arguments.addAll(database.applicationArguments());
        arguments.addAll(vendors.applicationArguments());
        // a scenario's setting replaces the default one: Spring would join both values of a repeated argument
        for (String extra : extraArguments) {
            String key = extra.contains("=") ? extra.substring(0, extra.indexOf('=') + 1) : extra;
            arguments.removeIf(argument -> argument.startsWith(key));
        }
        arguments.addAll(extraArguments);
        return new FilebridgeProcess(PackagedApplication.ofThisBuild(), processDir, name, JVM_OPTIONS, arguments, vendors.environment());
    }

    /** A second working directory (config and routes copied from this run's) for another instance. */
    Path secondWorkDir(String name) throws IOException {
        Path dir = Files.createDirectories(workDir.resolve(name));
        Files.copy(workDir.resolve("config").resolve("application.yml"),
                Files.createDirectories(dir.resolve("config")).resolve("application.yml"));
        Path routes = Files.createDirectories(dir.resolve("routes"));
        try (var files = Files.list(workDir.resolve("routes"))) {
            for (Path route : files.toList()) {
                Files.copy(route, routes.resolve(route.getFileName()));
            }
        }
        return dir;
    }

    Feeder feeder(int files, long seed) {
        return new Feeder(pipelines, files, seed);
    }

    /**
     * Waits until the feeder is done and every input has settled as seen from outside, or until nothing has moved
     * (no input settled, no vendor request) for the quiet time, or the deadline passes: what is not settled then is
     * judged as it is.
     */
    void awaitSettled(Feeder feeder, Duration deadline, Duration quiet) {
        AtomicReference<String> progress = new AtomicReference<>("");
        AtomicLong lastChange = new AtomicLong(System.nanoTime());
        try {
            await().atMost(deadline).pollInterval(Duration.ofMillis(500)).until(() -> {
                if (feeder.whenFinished().isCompletedExceptionally()) {
                    feeder.whenFinished().join(); // throws the feeder's failure
                }
                if (!feeder.finished()) {
                    return false;
                }
                pipelines.forEach(FaultPipeline::refresh);
                List<Input> inputs = feeder.inputs();
                long settled = inputs.stream().filter(input -> pipeline(input).settled(input)).count();
                if (settled == inputs.size()) {
                    return true;
                }
                String now = settled + "/" + vendors.requestCount();
                if (!now.equals(progress.getAndSet(now))) {
                    lastChange.set(System.nanoTime());
                    return false;
                }
                return Duration.ofNanos(System.nanoTime() - lastChange.get()).compareTo(quiet) > 0;
            });
        } catch (ConditionTimeoutException e) {
            System.out.println("fault run " + label + ": not every input settled within " + deadline);
        }
        awaitVendorsQuiet(Duration.ofSeconds(2));
    }

    /** Lets the last ledger writes after the last vendor call happen: no vendor request for {@code quiet}. */
    void awaitVendorsQuiet(Duration quiet) {
        AtomicReference<Integer> requests = new AtomicReference<>(-1);
        AtomicLong lastChange = new AtomicLong(System.nanoTime());
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                int now = vendors.requestCount();
                if (requests.getAndSet(now) != now) {
                    lastChange.set(System.nanoTime());
                }
                return Duration.ofNanos(System.nanoTime() - lastChange.get()).compareTo(quiet) > 0;
            });
        } catch (ConditionTimeoutException e) {
            System.out.println("fault run " + label + ": vendors still busy after 30 s");
        }
    }

    FaultPipeline pipeline(Input input) {
        return pipelines.stream().filter(p -> p.name().equals(input.pipeline())).findFirst().orElseThrow();
    }

    /** A verdict per pipeline; {@code inFlightAtKills} is per route id. */
    List<Verdict> judge(List<Input> inputs, Map<String, Integer> inFlightAtKills, long seed, int runs, int kills) {
        List<LedgerRows.Row> rows = List.of();
        String unreadable = null;
        try {
            rows = LedgerRows.read(database);
        } catch (IllegalStateException e) {
            unreadable = "the ledger could not be read, so no input has a row: " + e.getMessage();
        }
        List<Verdict> verdicts = new ArrayList<>();
        for (FaultPipeline pipeline : pipelines) {
            List<Input> own = inputs.stream().filter(i -> i.pipeline().equals(pipeline.name())).toList();
            Verdict verdict = FaultJudge.judge(pipeline, own, rows,
                    inFlightAtKills.getOrDefault(pipeline.routeId(), 0), database.name(), seed, runs, kills);
            if (unreadable != null) {
                List<String> details = new ArrayList<>(List.of(unreadable));
                details.addAll(verdict.details());
                verdict = new Verdict(verdict.scenario(), verdict.database(), seed, runs, kills, verdict.files(),
                        verdict.lost(), verdict.stuck(), verdict.extraUploads(), verdict.inFlightBound(),
                        verdict.unflagged(), verdict.partialOutputs(), verdict.untruthful(), verdict.outputsWrong(),
                        details);
            }
            verdicts.add(verdict);
        }
        return verdicts;
    }

    @Override
    public void close() {
        try {
            app.close();
        } finally {
            vendors.close();
            try {
                database.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
