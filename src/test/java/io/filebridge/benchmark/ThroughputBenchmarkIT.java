package io.filebridge.benchmark;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.sandbox.sendcloud.SendcloudUpload;
import io.filebridge.testsupport.FilebridgeProcess;
import io.filebridge.testsupport.PackagedApplication;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Throughput, latency and footprint of the packaged application (issue 13), side by side with curl against the same
 * loopback vendor in the same run. Starts {@code bin/filebridge} (the packaged application) as a separate process in a working directory
 * under {@code target/benchmark/} with the shipped {@code config/application.yml} and the shipped hot-folder pipeline
 * {@code routes/support-attachments.camel.yaml} (hot folder -> {@code kamelet:sendcloud-upload-sink} -> receipt in the
 * outbox), against the project's Sendcloud emulator in this JVM (draining mode, no digests: bodies are counted,
 * neither hashed nor kept, so that SHA-256 does not set the rate; the large-file row checks the size). curl uploads
 * to the very same endpoint with the same credentials, so both are judged by the same stub.
 *
 * <p>Run: {@code ./mvnw verify -Pbenchmark} (rows: {@code -Dbenchmark.rows=small,latency,large,start,scale}; see
 * docs/benchmarks.md). Prints a Markdown table and writes it to {@code target/benchmark/throughput.md}. Goals that are
 * not met do not fail the build; a lost or failed upload, or a broken harness, does.
 */
@Tag("benchmark")
class ThroughputBenchmarkIT {

    private static final Path BASE = Path.of("target", "benchmark").toAbsolutePath();
    private static final Path SHIPPED_CONFIG = Path.of("config", "application.yml").toAbsolutePath();
    private static final Path SHIPPED_ROUTE = Path.of("routes", "support-attachments.camel.yaml").toAbsolutePath();
    /** The shipped route's folders below the data dir. */
    private static final String INBOX = "inbox/support";
    private static final String OUTBOX = "outbox/support";
    /**
     * A second copy of the shipped pipeline with the shipped quiet period (2 s), for the send rate: there a large
     * file's hash ends during the quiet period, so the rate is the client's on the wire. With 200 ms the send
     * overlaps the hash (TailGate), and on two cores both share the CPU with the stub: that drop measures drop ->
     * receipt, and its send rate is printed too.
     */
    private static final String SHIPPED_QUIET = "support-shipped-quiet";
    private static final Duration QUIET_PERIOD = Duration.ofMillis(200);
    private static final int CONCURRENCY = 8;
    /** Camel's file consumer polls every 500 ms unless a route sets {@code delay}; the shipped route sets none. */
    private static final String POLL_DELAY_NOTE = "on file-system events and quiet-period ends, 500 ms fallback (Camel's"
            + " file-consumer default; the shipped route sets no delay)";
    private static final int SMALL_FILES = 1000;
    private static final int SMALL_SIZE = 4096;
    private static final int TRICKLE_FILES = 30;
    private static final Duration TRICKLE_GAP = Duration.ofMillis(300);
    private static final Duration IDLE_BEFORE_RSS = Duration.ofSeconds(10);
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
    private static final double MIB = 1024.0 * 1024.0;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STARTED = Pattern.compile("Started \\w*Application in ([0-9.]+) seconds"
            + "(?: \\(process running for ([0-9.]+)\\))?");

    private final Set<String> rows = Set.copyOf(list(property("benchmark.rows", "small,latency,large,start,scale")));
    private final int rounds = Integer.parseInt(property("benchmark.rounds", "3"));
    private final int scaleRounds = Integer.parseInt(property("benchmark.scale-rounds", "1"));
    private final int warmupFiles = Integer.parseInt(property("benchmark.warmup-files", "10000"));
    private final List<Integer> scaleFiles = list(property("benchmark.scale-files", "10000")).stream()
            .map(Integer::parseInt).toList();
    private final long largeBytes = Long.parseLong(property("benchmark.large-mb", "1024")) * 1024 * 1024;
    private final List<String> jvmOptions = Arrays.stream(property("benchmark.jvm-options", "").split("\\s+"))
            .filter(s -> !s.isBlank()).toList();
    /** Started as an operator starts it: bin/filebridge, the extracted jar with its class-data-sharing archive. */
    private final PackagedApplication application = PackagedApplication.ofThisBuild();

    private final Map<String, Row> table = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private Path runDir;

    @Test
    void throughputLatencyAndFootprint() throws Exception {
        application.requireBuilt(); // ./mvnw verify -Pbenchmark packages first
        runDir = Files.createDirectories(BASE.resolve("run-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .format(ZonedDateTime.now())));
        long begun = System.nanoTime();
        String loadBefore = loadAverage();
        System.out.println("benchmark: rows " + rows + ", " + rounds + " rounds, working directories under "
                + runDir);
        try (SendcloudEmulator stub = new SendcloudEmulator().drainBodies(true).recordDigests(false)
                .start()) {
            if (rows.contains("stubcheck")) {
                stubCheck(stub);
            }
            if (rows.contains("small") || rows.contains("latency") || rows.contains("large")
                    || rows.contains("scale")) {
                try (LoadedApp app = new LoadedApp(stub)) {
                    warmUp(app);
                    if (rows.contains("small")) {
                        smallFiles(app);
                    }
                    if (rows.contains("latency")) {
                        latency(app);
                    }
                    if (rows.contains("large")) {
                        largeFile(app);
                    }
                    if (rows.contains("scale")) {
                        for (int files : scaleFiles) {
                            scale(app, files);
                        }
                    }
                }
            }
            if (rows.contains("start")) {
                startAndFootprint(stub);
            }
            if (!stub.violations().isEmpty()) {
                throw new AssertionError("the stub saw contract violations: " + stub.violations());
            }
        } finally {
            notes.add(String.format(Locale.ROOT, "Benchmark wall time: %.0f s; load average (1, 5, 15 min) before %s,"
                    + " after %s (the machine may be shared).", (System.nanoTime() - begun) / 1e9, loadBefore,
                    loadAverage()));
            report();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // rows

    /**
     * Before the measured rounds, filebridge takes {@code benchmark.warmup-files} small files untimed: for about half a
     * minute after a start the JIT compiler takes most of a core on this 2-core machine, which is not what a service
     * that has been running does. curl has nothing to warm up. 0 measures the cold process.
     */
    private void warmUp(LoadedApp app) throws Exception {
        if (warmupFiles <= 0) {
            notes.add("No warm-up: the load rows measure a process that has just started.");
            return;
        }
        double rate = app.dropMany("warmup", warmupFiles, SMALL_SIZE);
        System.out.printf(Locale.ROOT, "warm-up: %d files at %.1f files/s (not counted)%n", warmupFiles, rate);
        notes.add(String.format(Locale.ROOT, "Warm-up before the load rows: %d small files, untimed (they went at %.0f"
                + " files/s, the JIT compiling meanwhile).", warmupFiles, rate));
    }

    /** Row 1: 1,000 files of 4 KiB, curl (xargs -P8) against filebridge (concurrency 8). */
    private void smallFiles(LoadedApp app) throws Exception {
        List<Double> curl = new ArrayList<>();
        List<Double> filebridge = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            curl.add(curlManySmall(app.stub, "small-r" + round, SMALL_FILES));
            filebridge.add(app.dropMany("small-r" + round, SMALL_FILES, SMALL_SIZE));
            System.out.printf(Locale.ROOT, "small files round %d: curl %.1f files/s, filebridge %.1f files/s%n", round,
                    last(curl), last(filebridge));
        }
        Stat c = new Stat(curl);
        Stat f = new Stat(filebridge);
        double ratio = f.median() / c.median();
        put("small", new Row("1,000 files of 4 KiB through a hot folder, files/s", c.format("%.0f"),
                f.format("%.0f"), x(ratio), ">= 2.0x curl", ratio >= 2.0));
    }

    /** Rows 2-3: one file dropped -> at the stub, p50 and p90 under a trickle. */
    private void latency(LoadedApp app) throws Exception {
        List<Double> p50 = new ArrayList<>();
        List<Double> p90 = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            List<Double> latencies = app.trickle("trickle-r" + round, TRICKLE_FILES, TRICKLE_GAP);
            p50.add(percentile(latencies, 50));
            p90.add(percentile(latencies, 90));
            System.out.printf(Locale.ROOT, "latency round %d: p50 %.0f ms, p90 %.0f ms, max %.0f ms (%s)%n", round,
                    last(p50), last(p90), percentile(latencies, 100), latencies.stream()
                            .map(l -> String.format(Locale.ROOT, "%.0f", l)).collect(Collectors.joining(" ")));
        }
        double goal = QUIET_PERIOD.toMillis() + 150;
        Stat s50 = new Stat(p50);
        Stat s90 = new Stat(p90);
        put("latency-p50", new Row("one file appears -> at the stub, p50 (" + TRICKLE_FILES + " files, one per "
                + TRICKLE_GAP.toMillis() + " ms), ms", "n/a", s50.format("%.0f"), "", "<= " + (long) goal + " ms",
                s50.median() <= goal));
        put("latency-p90", new Row("one file appears -> at the stub, p90, ms", "n/a", s90.format("%.0f"), "",
                "<= " + (long) goal + " ms", s90.median() <= goal));
    }

    /** Rows 4-6: the large file, MiB/s while sending, drop -> receipt against curl's total, heap growth. */
    private void largeFile(LoadedApp app) throws Exception {
        Path big = largeFile();
        String mib = String.format(Locale.ROOT, "%d MiB", largeBytes >> 20);
        List<Double> curlRate = new ArrayList<>();
        List<Double> curlTotal = new ArrayList<>();
        List<Double> rate = new ArrayList<>();
        List<Double> overlappedRate = new ArrayList<>();
        List<Double> dropToReceipt = new ArrayList<>();
        List<Double> heapGrowth = new ArrayList<>();
        try (Completions completions = new Completions(app.stub)) {
            for (int round = 1; round <= rounds; round++) {
                String curlName = "curl-large-r" + round + ".bin";
                long t0 = System.nanoTime();
                runCurl(List.of("curl", "-s", "-f", "-o", "/dev/null", "-u", credentials(), "-F",
                        "file=@" + big + ";filename=" + curlName, uploadUrl(app.stub)));
                curlTotal.add((System.nanoTime() - t0) / 1e9);
                curlRate.add(completions.sendRate(curlName, largeBytes));

                LargeDrop drop = app.dropLarge(big, "fb-large-r" + round + ".bin");
                dropToReceipt.add(drop.seconds());
                heapGrowth.add(drop.heapGrowthMib());
                overlappedRate.add(completions.sendRate(drop.name(), largeBytes));
                LargeDrop shipped = app.dropLargeShippedQuiet(big, "fb-large-2s-r" + round + ".bin");
                heapGrowth.add(shipped.heapGrowthMib());
                rate.add(completions.sendRate(shipped.name(), largeBytes));
                System.out.printf(Locale.ROOT, "large file round %d: curl %.0f MiB/s sending, %.2f s total;"
                        + " filebridge %.0f MiB/s sending (hashed during a 2 s quiet period), drop -> receipt %.2f s"
                        + " with 200 ms (sending %.0f MiB/s while hashing), heap growth %.0f / %.0f MiB"
                        + " (old generation %.0f MiB, %d young GCs)%n", round, last(curlRate), last(curlTotal),
                        last(rate), last(dropToReceipt), last(overlappedRate), drop.heapGrowthMib(),
                        shipped.heapGrowthMib(), drop.oldGrowthMib(), drop.youngGcs());
            }
        }
        Stat cr = new Stat(curlRate);
        Stat fr = new Stat(rate);
        Stat ct = new Stat(curlTotal);
        Stat ft = new Stat(dropToReceipt);
        Stat heap = new Stat(heapGrowth);
        put("large-rate", new Row(mib + " file upload, MiB/s while sending (request's arrival to its last body byte, at"
                + " the stub; hashed during the shipped 2 s quiet period)",
                cr.format("%.0f"), fr.format("%.0f"), x(fr.median() / cr.median()), ">= 0.9x curl",
                fr.median() / cr.median() >= 0.9));
        put("large-total", new Row(mib + ": drop -> receipt in the outbox (curl: its whole run), s",
                ct.format("%.2f"), ft.format("%.2f"), x(ct.median() / ft.median()) + " (curl/filebridge)",
                ">= 0.5x", ct.median() / ft.median() >= 0.5));
        notes.add("Heap: used = S0U+S1U+EU+OU of `jstat -gc <pid> 100` (no attach, no pause); it counts garbage not"
                + " yet collected, and G1's eden figure moves in whole regions, so growth below one region reads 0."
                + " MiB/s while sending: the file's bytes over the time from the request's arrival at the stub (its"
                + " headers; the body follows) to its last body byte, both as the stub records them. It is measured"
                + " on a second copy of the pipeline with the shipped quiet period (2 s), where the hash ends before"
                + " the pickup; with 200 ms the send overlaps the hash (docs/promises.md, TailGate) and on two cores"
                + " shares the CPU with it and the stub: median " + String.format(Locale.ROOT, "%.0f",
                        new Stat(overlappedRate).median()) + " MiB/s there.");
        put("large-heap", new Row("heap growth during the " + mib + " upload (max used - used before the drop),"
                + " MiB", "n/a", heap.format("%.0f"), "", "<= 64 MiB", heap.median() <= 64));
    }

    /** Rows 7-9: start to "Started", to ready, and idle RSS, with the shipped settings and no JVM options. */
    private void startAndFootprint(SendcloudEmulator stub) throws Exception {
        List<Double> started = new ArrayList<>();
        List<Double> ready = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        List<String> ownFigures = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            Path workDir = layOut(runDir.resolve("start-r" + round));
            // the shipped settings: only where the vendor is (so nothing leaves this machine) and its credentials
            try (FilebridgeProcess app = new FilebridgeProcess(application, workDir, "start", jvmOptions,
                    List.of("--filebridge.vendors.sendcloud.base-url=" + stub.apiBaseUrl()), credentialsEnv())) {
                app.start();
                long t0 = app.startedNanos();
                Matcher line = awaitLogLine(app, STARTED, READY_TIMEOUT);
                started.add((System.nanoTime() - t0) / 1e9);
                ownFigures.add(line.group(2) == null ? line.group(1) : line.group(2));
                await().atMost(READY_TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(25))
                        .until(() -> {
                            alive(app);
                            return app.readinessStatus() == 200;
                        });
                ready.add((System.nanoTime() - t0) / 1e9);
                Thread.sleep(IDLE_BEFORE_RSS.toMillis()); // idle on purpose: RSS of a settled, idle process
                alive(app);
                rss.add(vmRssKib(app.pid()) / 1024.0);
                System.out.printf(Locale.ROOT, "start round %d: Started after %.2f s (its log: process running for"
                        + " %s s), ready after %.2f s, VmRSS %.0f MiB %.0f s after ready%n", round, last(started),
                        ownFigures.get(ownFigures.size() - 1), last(ready), last(rss), (double) IDLE_BEFORE_RSS.toSeconds());
            }
        }
        String jvm = jvmOptions.isEmpty() ? "no JVM options" : "JVM options " + String.join(" ", jvmOptions);
        Stat s = new Stat(started);
        Stat r = new Stat(ready);
        Stat m = new Stat(rss);
        put("start", new Row("start -> `Started ...Application in` (shipped settings, " + jvm + "), s", "n/a",
                s.format("%.2f"), "", "<= 8 s", s.median() <= 8));
        put("ready", new Row("start -> /actuator/health/readiness 200, s", "n/a", r.format("%.2f"), "", "<= 8 s",
                r.median() <= 8));
        put("rss", new Row("idle RSS " + IDLE_BEFORE_RSS.toSeconds() + " s after ready (VmRSS, " + jvm + "), MiB",
                "n/a", m.format("%.0f"), "", "<= 300 MiB", m.median() <= 300));
        notes.add("Start rows: a fresh working directory per round (the first start creates the H2 ledger); the time"
                + " runs from just before the child process is spawned to the moment the benchmark sees the line in"
                + " its log (polled every 10 ms) or the readiness probe answer 200 (polled every 25 ms).");
    }

    /** Row 10: many files, files/s compared with the 1,000-file figure of this run. */
    private void scale(LoadedApp app, int files) throws Exception {
        List<Double> rates = new ArrayList<>();
        for (int round = 1; round <= scaleRounds; round++) {
            rates.add(app.dropMany("scale" + files + "-r" + round, files, SMALL_SIZE));
            System.out.printf(Locale.ROOT, "%,d files round %d: filebridge %.1f files/s%n", files, round, last(rates));
        }
        Stat f = new Stat(rates);
        Row small = table.get("small");
        Double base = small == null ? null : parseMedian(small.filebridge());
        String ratio = base == null ? "n/a (run the small row too)" : x(f.median() / base) + " of 1,000-file rate";
        put("scale-" + files, new Row(String.format(Locale.ROOT, "%,d files of 4 KiB, files/s (%d round%s)", files,
                scaleRounds, scaleRounds == 1 ? "" : "s"), "n/a", f.format("%.0f"), ratio,
                "linear (>= 0.8x the 1,000-file rate)", base == null ? null : f.median() / base >= 0.8));
    }

    /**
     * Not a row: is the stub the bottleneck for large uploads? curl to the emulator against curl to a plain drain (a
     * JDK HttpServer that reads the body into nothing), both measured by curl's own average upload speed.
     */
    private void stubCheck(SendcloudEmulator stub) throws Exception {
        Path big = largeFile();
        HttpServer drain = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        drain.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
                exchange.sendResponseHeaders(201, -1);
            }
        });
        drain.setExecutor(Executors.newCachedThreadPool());
        drain.start();
        try {
            String drainUrl = "http://127.0.0.1:" + drain.getAddress().getPort() + "/api/v3/dsf/files";
            List<Double> toStub = new ArrayList<>();
            List<Double> toDrain = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                toStub.add(curlSpeed(big, uploadUrl(stub)) / MIB);
                toDrain.add(curlSpeed(big, drainUrl) / MIB);
            }
            String line = String.format(Locale.ROOT, "Stub check (%d MiB, curl's own average upload speed, MiB/s):"
                    + " to the Sendcloud emulator %s, to a plain drain %s.", largeBytes >> 20,
                    new Stat(toStub).format("%.0f"), new Stat(toDrain).format("%.0f"));
            System.out.println(line);
            notes.add(line);
        } finally {
            drain.stop(0);
            ((java.util.concurrent.ExecutorService) drain.getExecutor()).shutdownNow();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // the application under load

    /** One application process for the load rows: the shipped config and route, the benchmark's intake settings. */
    private final class LoadedApp implements AutoCloseable {

        final SendcloudEmulator stub;
        final Path dataDir;
        final Path inbox;
        final Path outbox;
        final Path staging;
        final FilebridgeProcess process;

        LoadedApp(SendcloudEmulator stub) throws IOException {
            this.stub = stub;
            Path workDir = layOut(runDir.resolve("load"));
            this.dataDir = workDir.resolve("data");
            this.inbox = Files.createDirectories(dataDir.resolve(INBOX));
            this.outbox = dataDir.resolve(OUTBOX);
            this.staging = Files.createDirectories(dataDir.resolve("staging"));
            List<String> arguments = List.of(
                    "--filebridge.data-dir=" + dataDir,
                    "--filebridge.vendors.sendcloud.base-url=" + stub.apiBaseUrl(),
                    "--filebridge.vendors.sendcloud.requests-per-minute=0",
                    "--filebridge.vendors.sendcloud.concurrency=" + CONCURRENCY,
                    "--filebridge.intake.quiet-period=" + QUIET_PERIOD.toMillis() + "ms");
            this.process = new FilebridgeProcess(application, workDir, "load", jvmOptions, arguments, credentialsEnv());
            process.start().awaitReady(READY_TIMEOUT);
            notes.add("Load rows: one application process, " + String.join(" ", arguments.subList(1,
                    arguments.size())) + "; JVM options: " + (jvmOptions.isEmpty() ? "none" : String.join(" ",
                    jvmOptions)) + "; hot-folder poll delay " + POLL_DELAY_NOTE + "; its log: " + process.log());
        }

        /** Creates {@code count} files in staging, moves them all into the inbox, returns files/s until settled. */
        double dropMany(String tag, int count, int size) throws IOException {
            Path dir = Files.createDirectories(staging.resolve(tag));
            SplittableRandom random = new SplittableRandom();
            byte[] content = new byte[size];
            List<String> names = new ArrayList<>(count);
            for (int i = 1; i <= count; i++) {
                String name = String.format(Locale.ROOT, "%s-%06d.bin", tag, i);
                random.nextBytes(content); // distinct content: the pipeline skips duplicates
                Files.write(dir.resolve(name), content);
                names.add(name);
            }
            int before = stub.uploads().size();
            long t0 = System.nanoTime();
            for (String name : names) {
                Files.move(dir.resolve(name), inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            }
            awaitSettled(names, before, Duration.ofSeconds(Math.max(120, count / 5)));
            double seconds = (System.nanoTime() - t0) / 1e9;
            verify(names);
            return count / seconds;
        }

        /** Files dropped one per {@code gap}; each one's time from its rename to its arrival at the stub, in ms. */
        List<Double> trickle(String tag, int count, Duration gap) throws Exception {
            Path dir = Files.createDirectories(staging.resolve(tag));
            SplittableRandom random = new SplittableRandom();
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                String name = String.format(Locale.ROOT, "%s-%03d.bin", tag, i);
                byte[] content = new byte[SMALL_SIZE];
                random.nextBytes(content);
                Files.write(dir.resolve(name), content);
                names.add(name);
            }
            int before = stub.uploads().size();
            Map<String, Instant> renamed = new ConcurrentHashMap<>();
            AtomicInteger next = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(1);
            List<Throwable> problems = new CopyOnWriteArrayList<>();
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
            try {
                ScheduledFuture<?> ticks = timer.scheduleAtFixedRate(() -> {
                    int i = next.getAndIncrement();
                    if (i >= names.size()) {
                        done.countDown();
                        return;
                    }
                    String name = names.get(i);
                    try {
                        Files.move(dir.resolve(name), inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                        renamed.put(name, Instant.now());
                    } catch (IOException | RuntimeException e) {
                        problems.add(e);
                        done.countDown();
                    }
                }, 0, gap.toMillis(), TimeUnit.MILLISECONDS);
                if (!done.await(count * gap.toMillis() + 60_000, TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("the trickle did not finish");
                }
                ticks.cancel(false);
            } finally {
                timer.shutdownNow();
            }
            if (!problems.isEmpty()) {
                throw new AssertionError("could not drop a file: " + problems.get(0), problems.get(0));
            }
            awaitSettled(names, before, Duration.ofMinutes(2));
            verify(names);
            Map<String, SendcloudUpload> uploads = uploadsByName(Set.copyOf(names));
            List<Double> latencies = new ArrayList<>();
            for (String name : names) {
                latencies.add(Duration.between(renamed.get(name), uploads.get(name).arrivedAt()).toNanos() / 1e6);
            }
            return latencies;
        }

        /** Drops the large file under {@code name}; time to its receipt and heap growth meanwhile. */
        LargeDrop dropLarge(Path big, String name) throws Exception {
            return dropLarge(big, name, inbox, outbox);
        }

        /** As {@link #dropLarge(Path, String)}, into the copy of the pipeline with the shipped quiet period. */
        LargeDrop dropLargeShippedQuiet(Path big, String name) throws Exception {
            return dropLarge(big, name, dataDir.resolve("inbox").resolve(SHIPPED_QUIET),
                    dataDir.resolve("outbox").resolve(SHIPPED_QUIET));
        }

        private LargeDrop dropLarge(Path big, String name, Path inbox, Path outbox) throws Exception {
            freshContent(big);
            Path receipt = outbox.resolve(name + ".receipt.json");
            try (HeapSampler heap = new HeapSampler(process.pid())) {
                heap.awaitSamples(3);
                HeapSampler.Sample baseline = heap.latest();
                long t0 = System.nanoTime();
                Files.move(big, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                try {
                    await().atMost(Duration.ofMinutes(10)).pollDelay(Duration.ZERO)
                            .pollInterval(Duration.ofMillis(20)).until(() -> {
                                alive(process);
                                failIfFailed();
                                return Files.exists(receipt);
                            });
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    List<HeapSampler.Sample> during = heap.since(t0);
                    double maxUsed = during.stream().mapToDouble(HeapSampler.Sample::usedKib).max()
                            .orElse(baseline.usedKib());
                    double maxOld = during.stream().mapToDouble(HeapSampler.Sample::oldKib).max()
                            .orElse(baseline.oldKib());
                    long youngGcs = during.isEmpty() ? 0 : during.get(during.size() - 1).youngGcs()
                            - baseline.youngGcs();
                    JsonNode parsed = JSON.readTree(receipt.toFile());
                    if (parsed.path("duplicate").asBoolean(false)) {
                        throw new AssertionError("the large file was taken as a duplicate: " + parsed);
                    }
                    return new LargeDrop(name, seconds, (maxUsed - baseline.usedKib()) / 1024,
                            (maxOld - baseline.oldKib()) / 1024, youngGcs);
                } finally {
                    // back to its place for the next round (or run), once the pipeline has archived it
                    Path archived = inbox.resolve(".done").resolve(name);
                    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                            .until(() -> Files.exists(archived) && !Files.exists(inbox.resolve(name))
                                    || Files.exists(inbox.resolve(".failed").resolve(name)));
                    Path back = Files.exists(archived) ? archived : inbox.resolve(".failed").resolve(name);
                    Files.move(back, big, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        }

        /**
         * Until the stub has {@code names.size()} more uploads and none of the names is left in the inbox (outside
         * .done/ and .failed/); fails at once on a failed file or a dead process.
         */
        private void awaitSettled(List<String> names, int before, Duration atMost) {
            Set<String> ours = Set.copyOf(names);
            await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20)).until(() -> {
                alive(process);
                failIfFailed();
                if (stub.uploads().size() - before < names.size()) {
                    return false;
                }
                try (Stream<Path> left = Files.list(inbox)) {
                    return left.noneMatch(file -> ours.contains(file.getFileName().toString()));
                }
            });
        }

        /** Every name uploaded exactly once and archived in .done/; nothing failed. */
        private void verify(List<String> names) throws IOException {
            failIfFailed();
            Map<String, Long> counts = stub.uploads().stream().map(SendcloudUpload::filename)
                    .filter(new HashSet<>(names)::contains)
                    .collect(Collectors.groupingBy(n -> n, Collectors.counting()));
            List<String> missing = names.stream().filter(n -> !counts.containsKey(n)).toList();
            List<String> twice = counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                    .toList();
            List<String> notArchived = names.stream().filter(n -> !Files.exists(inbox.resolve(".done").resolve(n)))
                    .toList();
            if (!missing.isEmpty() || !twice.isEmpty() || !notArchived.isEmpty()) {
                throw new AssertionError("not every file was uploaded once and archived: missing at the stub "
                        + first(missing) + ", uploaded more than once " + first(twice) + ", not in .done/ "
                        + first(notArchived) + "; the application's log: " + process.log());
            }
        }

        private void failIfFailed() throws IOException {
            Path failed = inbox.resolve(".failed");
            if (Files.isDirectory(failed)) {
                try (Stream<Path> files = Files.walk(failed)) {
                    List<Path> found = files.filter(Files::isRegularFile).limit(5).toList();
                    if (!found.isEmpty()) {
                        throw new AssertionError("files failed: " + found + "; the application's log: "
                                + process.log());
                    }
                }
            }
        }

        private Map<String, SendcloudUpload> uploadsByName(Set<String> names) {
            Map<String, SendcloudUpload> byName = new HashMap<>();
            for (SendcloudUpload upload : stub.uploads()) {
                if (names.contains(upload.filename())) {
                    byName.put(upload.filename(), upload);
                }
            }
            return byName;
        }

        @Override
        public void close() {
            process.close();
        }
    }

    private record LargeDrop(String name, double seconds, double heapGrowthMib, double oldGrowthMib,
            long youngGcs) {
    }

    // ---------------------------------------------------------------------------------------------------------------
    // curl

    /** 1,000 files with curl, 8 at a time (xargs -P8), to the stub's upload endpoint; files/s. */
    private double curlManySmall(SendcloudEmulator stub, String tag, int count) throws Exception {
        Path dir = Files.createDirectories(runDir.resolve("curl").resolve(tag));
        SplittableRandom random = new SplittableRandom();
        byte[] content = new byte[SMALL_SIZE];
        for (int i = 1; i <= count; i++) {
            random.nextBytes(content);
            Files.write(dir.resolve(String.format(Locale.ROOT, "curl-%s-%06d.bin", tag, i)), content);
        }
        int before = stub.uploads().size();
        long t0 = System.nanoTime();
        runCurl(List.of("bash", "-c", "find \"$1\" -type f | xargs -P8 -I{} curl -s -f -o /dev/null -u \"$2\""
                + " -F file=@{} \"$3\"", "curl-many", dir.toString(), credentials(), uploadUrl(stub)));
        double seconds = (System.nanoTime() - t0) / 1e9;
        int uploaded = stub.uploads().size() - before;
        if (uploaded != count) {
            throw new AssertionError("curl: the stub accepted " + uploaded + " uploads of " + count);
        }
        return count / seconds;
    }

    /** curl's own average upload speed, bytes/s. */
    private double curlSpeed(Path file, String url) throws Exception {
        String out = runCurl(List.of("curl", "-s", "-f", "-o", "/dev/null", "-w", "%{speed_upload}", "-u",
                credentials(), "-F", "file=@" + file + ";filename=stubcheck.bin", url));
        return Double.parseDouble(out.trim());
    }

    private static String runCurl(List<String> command) throws Exception {
        Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!curl.waitFor(30, TimeUnit.MINUTES) || curl.exitValue() != 0) {
            throw new AssertionError("curl failed (" + (curl.isAlive() ? "timeout" : "exit " + curl.exitValue())
                    + "): " + command + "\n" + out);
        }
        return out;
    }

    private static String credentials() {
        return SendcloudEmulator.PUBLIC_KEY + ":" + SendcloudEmulator.SECRET_KEY;
    }

    private static String uploadUrl(SendcloudEmulator stub) {
        return stub.apiBaseUrl() + "/dsf/files";
    }

    private static Map<String, String> credentialsEnv() {
        return Map.of("SENDCLOUD_PUBLIC_KEY", SendcloudEmulator.PUBLIC_KEY,
                "SENDCLOUD_SECRET_KEY", SendcloudEmulator.SECRET_KEY);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // measuring helpers

    /** Send rates at the stub: it records when each upload's headers arrived and when its body was read. */
    private static final class Completions implements AutoCloseable {

        private final SendcloudEmulator stub;

        Completions(SendcloudEmulator stub) {
            this.stub = stub;
        }

        /** MiB/s from the request's arrival to the last byte of its body at the stub. */
        double sendRate(String name, long bytes) {
            SendcloudUpload upload = await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(5))
                    .until(() -> stub.uploads().stream().filter(u -> u.filename().equals(name)).findFirst()
                            .orElse(null), java.util.Objects::nonNull);
            if (upload.size() != bytes) {
                throw new AssertionError(name + ": the stub got " + upload.size() + " bytes, not " + bytes);
            }
            double seconds = Duration.between(upload.arrivedAt(), upload.completedAt()).toNanos() / 1e9;
            return bytes / MIB / seconds;
        }

        @Override
        public void close() {
            // nothing to stop: the stub keeps its own records
        }
    }

    /** The child's heap, every 100 ms, from {@code jstat -gc <pid> 100} (reads the JVM's perf data, no attach). */
    private static final class HeapSampler implements AutoCloseable {

        record Sample(long nanos, double usedKib, double oldKib, long youngGcs) {
        }

        private final Process jstat;
        private final List<Sample> samples = new CopyOnWriteArrayList<>();

        HeapSampler(long pid) throws IOException {
            jstat = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstat").toString(), "-gc",
                    Long.toString(pid), "100").redirectErrorStream(true).start();
            Thread reader = new Thread(this::read, "benchmark-jstat");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(jstat.getInputStream(),
                    StandardCharsets.US_ASCII))) {
                List<String> header = null;
                String line;
                while ((line = lines.readLine()) != null) {
                    List<String> fields = Arrays.stream(line.trim().split("\\s+")).toList();
                    if (fields.contains("EU")) {
                        header = fields;
                        continue;
                    }
                    if (header == null || fields.size() != header.size()) {
                        continue;
                    }
                    double used = 0;
                    for (String column : List.of("S0U", "S1U", "EU", "OU")) {
                        used += Double.parseDouble(fields.get(header.indexOf(column)));
                    }
                    samples.add(new Sample(System.nanoTime(), used,
                            Double.parseDouble(fields.get(header.indexOf("OU"))),
                            Long.parseLong(fields.get(header.indexOf("YGC")))));
                }
            } catch (IOException | RuntimeException e) {
                // the sampler ends with jstat
            }
        }

        void awaitSamples(int count) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> samples.size() >= count);
        }

        Sample latest() {
            return samples.get(samples.size() - 1);
        }

        List<Sample> since(long nanos) {
            return samples.stream().filter(s -> s.nanos() >= nanos).toList();
        }

        @Override
        public void close() {
            jstat.destroy();
        }
    }

    /** Waits for a line of the current run's log to match; polls the log every 10 ms. */
    private static Matcher awaitLogLine(FilebridgeProcess app, Pattern pattern, Duration atMost) {
        Matcher[] found = new Matcher[1];
        await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).until(() -> {
            alive(app);
            if (!Files.exists(app.log())) {
                return false;
            }
            Matcher matcher = pattern.matcher(Files.readString(app.log(), StandardCharsets.UTF_8));
            if (matcher.find()) {
                found[0] = matcher;
                return true;
            }
            return false;
        });
        return found[0];
    }

    private static void alive(FilebridgeProcess app) {
        if (!app.alive()) {
            throw new AssertionError("the application exited; its log: " + app.log() + "\n" + app.tail());
        }
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static long vmRssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/" + pid + "/status");
    }

    /** Nearest rank. */
    private static double percentile(List<Double> values, int percent) {
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    /** The large file, created once: pseudo-random bytes (not sparse, not compressible). */
    private Path largeFile() throws IOException {
        Path big = Files.createDirectories(BASE).resolve("large-" + (largeBytes >> 20) + "MiB.bin");
        if (Files.isRegularFile(big) && Files.size(big) == largeBytes) {
            return readOnce(big);
        }
        System.out.println("creating " + big);
        SplittableRandom random = new SplittableRandom(13);
        byte[] buffer = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(big)) {
            for (long written = 0; written < largeBytes; written += buffer.length) {
                random.nextBytes(buffer);
                out.write(buffer, 0, (int) Math.min(buffer.length, largeBytes - written));
            }
        }
        return readOnce(big);
    }

    /**
     * Reads the file through once, so every round finds it in the page cache: otherwise the first round (curl's)
     * reads it from the disk and the other rounds do not, which measures the disk rather than the senders.
     */
    private static Path readOnce(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return file;
    }

    /** New first bytes, so that the pipeline never takes a round's drop as a duplicate of an earlier one. */
    private static void freshContent(Path big) throws IOException {
        byte[] head = new byte[32];
        new SplittableRandom().nextBytes(head);
        try (FileChannel channel = FileChannel.open(big, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(head), 0);
        }
    }

    /** A working directory as an operator lays it out: config/application.yml and routes/ as shipped. */
    private static Path layOut(Path workDir) throws IOException {
        Files.copy(SHIPPED_CONFIG, Files.createDirectories(workDir.resolve("config")).resolve("application.yml"));
        Path routes = Files.createDirectories(workDir.resolve("routes"));
        Files.copy(SHIPPED_ROUTE, routes.resolve(SHIPPED_ROUTE.getFileName()));
        String shipped = Files.readString(SHIPPED_ROUTE);
        String copy = shipped.replace("id: support-attachments", "id: " + SHIPPED_QUIET)
                .replace("/inbox/support\"", "/inbox/" + SHIPPED_QUIET + "?readLockMinAge=2000\"")
                .replace("/outbox/support?", "/outbox/" + SHIPPED_QUIET + "?");
        if (copy.equals(shipped) || !copy.contains("readLockMinAge")) {
            throw new IllegalStateException("the shipped route changed: update the benchmark's copy of it");
        }
        Files.writeString(routes.resolve(SHIPPED_QUIET + ".camel.yaml"), copy);
        return workDir;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // the table

    private record Row(String what, String curl, String filebridge, String ratio, String goal, Boolean met) {
    }

    /** Values of the rounds: min and median. */
    private record Stat(List<Double> values) {

        double min() {
            return values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        }

        double median() {
            List<Double> sorted = values.stream().sorted().toList();
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }

        String format(String number) {
            return String.format(Locale.ROOT, number + " / " + number, min(), median());
        }
    }

    private static Double parseMedian(String minSlashMedian) {
        String[] parts = minSlashMedian.split(" / ");
        return parts.length == 2 ? Double.parseDouble(parts[1]) : null;
    }

    private void put(String key, Row row) {
        table.put(key, row);
    }

    private void report() throws IOException {
        String cpu = "unknown";
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu = lines.filter(l -> l.startsWith("model name")).findFirst().map(l -> l.split(":", 2)[1].strip())
                    .orElse(cpu);
        } catch (IOException e) {
            // not Linux
        }
        String curlVersion;
        try {
            curlVersion = runCurl(List.of("curl", "--version")).lines().findFirst().orElse("?");
        } catch (Exception | AssertionError e) {
            curlVersion = "unavailable";
        }
        StringBuilder md = new StringBuilder();
        md.append("Measured ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .append(" on ").append(Runtime.getRuntime().availableProcessors()).append(" cores (").append(cpu)
                .append("), Java ").append(System.getProperty("java.runtime.version")).append(" (")
                .append(System.getProperty("java.vm.name")).append("), ").append(curlVersion.split(" \\(")[0])
                .append(", ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.version")).append(". ").append(rounds)
                .append(" rounds per row (scale rows: ").append(scaleRounds).append("); min / median of the rounds;")
                .append(" ratio and met from the medians. Quiet period ").append(QUIET_PERIOD.toMillis())
                .append(" ms, concurrency ").append(CONCURRENCY).append(", no client-side rate limit.\n\n");
        md.append("| what | curl (min / median) | filebridge (min / median) | ratio | goal | met |\n");
        md.append("|---|---|---|---|---|---|\n");
        for (Row row : table.values()) {
            md.append("| ").append(row.what()).append(" | ").append(row.curl()).append(" | ")
                    .append(row.filebridge()).append(" | ").append(row.ratio()).append(" | ").append(row.goal())
                    .append(" | ").append(row.met() == null ? "n/a" : row.met() ? "yes" : "no").append(" |\n");
        }
        md.append('\n');
        for (String note : notes) {
            md.append("- ").append(note).append('\n');
        }
        Files.createDirectories(BASE);
        Files.writeString(BASE.resolve("throughput.md"), md.toString(), StandardCharsets.UTF_8);
        System.out.println("\n" + md + "\n(also in " + BASE.resolve("throughput.md") + ")");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // small things

    private static String x(double ratio) {
        return String.format(Locale.ROOT, "%.2fx", ratio);
    }

    private static double last(List<Double> values) {
        return values.get(values.size() - 1);
    }

    private static String first(List<String> names) {
        return names.isEmpty() ? "none" : names.size() + " " + names.subList(0, Math.min(5, names.size()));
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
