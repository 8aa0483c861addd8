package io.filebridge.benchmark;

import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.filebridge.connector.AttemptDeadlines;
import io.filebridge.connector.AttemptListener;
import io.filebridge.connector.CamelHttpTransport;
import io.filebridge.connector.HttpAttemptSettings;
import io.filebridge.connector.UploadContext;
import io.filebridge.connector.VendorCaller;
import io.filebridge.connector.VendorUploads;
import io.filebridge.connector.sendcloud.SendcloudSettings;
import io.filebridge.connector.sendcloud.SendcloudVendor;
import io.filebridge.files.SourceFile;
import io.filebridge.intake.s3.S3IntakeApps;
import io.filebridge.secrets.SecretRedactor;
import io.filebridge.testsupport.S3Server;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Speed and memory of a large upload: hashes and uploads one big file of random bytes through the real vendor path
 * (VendorUploads -> VendorCaller -> camel-http) to a loopback server that drains the body, sampling heap use
 * meanwhile, and has curl send the same file to the same server as the yardstick for the send rate. Prints numbers
 * (min and median of {@code benchmark.rounds}); asserts nothing about time. Not part of {@code ./mvnw verify}; run:
 *
 * <pre>./mvnw test -Dtest=LargeUploadBenchmark#uploadOneLargeFile -Dbenchmark.size-mb=1024 -Dsurefire.excludedGroups=</pre>
 *
 * The S3 variant ({@code -Dtest=LargeUploadBenchmark#takeOneLargeObjectFromS3}) runs a whole filebridge application
 * whose pipeline reads the object from an S3 prefix (s3proxy on a folder under target/) and uploads it.
 */
@Tag("benchmark")
class LargeUploadBenchmark {

    @Test
    void uploadOneLargeFile() throws Exception {
        long sizeMb = Long.getLong("benchmark.size-mb", 1024);
        int rounds = Integer.getInteger("benchmark.rounds", 3);
        Path file = Path.of("target", "benchmark-" + sizeMb + "mb.bin").toAbsolutePath();
        writeRandomFile(file, sizeMb);
        AtomicLong received = new AtomicLong();
        var framing = new java.util.concurrent.atomic.AtomicReference<String>();
        HttpServer server = drainingSendcloud(received, framing);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.start();
            String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v3";
            SendcloudSettings settings = new SendcloudSettings();
            settings.setBaseUrl(URI.create(baseUrl));
            settings.setPublicKey("benchmark");
            settings.setSecretKey("benchmark");
            var deadlines = new AttemptDeadlines(new HttpAttemptSettings());
            camel.getRegistry().bind(AttemptDeadlines.BEAN, deadlines);
            var transport = new CamelHttpTransport(camel.createProducerTemplate(), deadlines);
            var vendor = new SendcloudVendor(settings, transport, new ObjectMapper(), Clock.systemUTC());
            var uploads = new VendorUploads(new VendorCaller(transport, Clock.systemUTC(), SecretRedactor.NONE),
                    new ObjectMapper());

            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            System.gc();
            long baseline = memory.getHeapMemoryUsage().getUsed();
            AtomicLong peak = new AtomicLong(baseline);
            var sampler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max),
                    0, 5, java.util.concurrent.TimeUnit.MILLISECONDS);
            var cpu = ManagementFactory.getThreadMXBean();
            double[] curl = new double[rounds];
            String curlFraming = null;
            double[] hash = new double[rounds];
            double[] send = new double[rounds];
            double[] total = new double[rounds];
            double[] hashCpu = new double[rounds];
            double[] sendCpu = new double[rounds];
            long receivedPerRound = 0;
            // curl and filebridge take turns, so that load from elsewhere on the machine hits both alike
            for (int i = 0; i < rounds; i++) {
                curl[i] = curlSeconds(file, baseUrl + "/dsf/files");
                curlFraming = framing.get();
                received.set(0);
                long start = System.nanoTime();
                long startCpu = cpu.getCurrentThreadCpuTime();
                SourceFile source = SourceFile.read(file, file.getFileName().toString(),
                        file.getFileName().toString());
                long hashed = System.nanoTime();
                long hashedCpu = cpu.getCurrentThreadCpuTime();
                uploads.upload(vendor, source, new UploadContext("benchmark", 0, "benchmark"), AttemptListener.NONE);
                long done = System.nanoTime();
                hash[i] = (hashed - start) / 1e9;
                send[i] = (done - hashed) / 1e9;
                total[i] = (done - start) / 1e9;
                hashCpu[i] = (hashedCpu - startCpu) / 1e9;
                sendCpu[i] = (cpu.getCurrentThreadCpuTime() - hashedCpu) / 1e9;
                receivedPerRound = received.get();
            }
            sampler.shutdown();
            sampler.awaitTermination(1, java.util.concurrent.TimeUnit.SECONDS);

            System.out.printf("%nBENCHMARK large upload: file=%d MiB of random bytes, %d rounds each, received=%d MiB"
                    + " per filebridge round%n", sizeMb, rounds, receivedPerRound / (1024 * 1024));
            System.out.println("BENCHMARK request body framing: curl " + curlFraming + ", filebridge " + framing.get());
            System.out.println("BENCHMARK curl send:        " + rates(curl, sizeMb));
            System.out.println("BENCHMARK filebridge hash:  " + rates(hash, sizeMb));
            System.out.println("BENCHMARK filebridge send:  " + rates(send, sizeMb));
            System.out.println("BENCHMARK filebridge total: " + rates(total, sizeMb) + " (hash + send)");
            System.out.println("BENCHMARK CPU of the calling thread, hash: " + rates(hashCpu, sizeMb));
            System.out.println("BENCHMARK CPU of the calling thread, send: " + rates(sendCpu, sizeMb));
            System.out.printf("BENCHMARK send rate vs curl: %.2fx (median); hash + send vs curl's send: %.2fx%n",
                    median(curl) / median(send), median(curl) / median(total));
            System.out.printf("BENCHMARK heap (the server's included, curl's turns too): max=%d MiB, baseline=%d MiB,"
                    + " peak=%d MiB, growth=%d MiB%n",
                    memory.getHeapMemoryUsage().getMax() / (1024 * 1024), baseline / (1024 * 1024),
                    peak.get() / (1024 * 1024), (peak.get() - baseline) / (1024 * 1024));
        } finally {
            server.stop(0);
            Files.deleteIfExists(file);
        }
    }

    /**
     * Random bytes written and synced: users upload real files, and a sparse file would measure the kernel filling
     * holes with zeros on its first read instead of reading data from the page cache (hashing looked 4x slower).
     */
    private static void writeRandomFile(Path file, long sizeMb) throws java.io.IOException {
        byte[] chunk = new byte[1024 * 1024];
        var random = new java.util.SplittableRandom(13);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long i = 0; i < sizeMb; i++) {
                for (int j = 0; j < chunk.length; j += 8) {
                    long r = random.nextLong();
                    for (int k = 0; k < 8; k++) {
                        chunk[j + k] = (byte) (r >>> (8 * k));
                    }
                }
                ByteBuffer buffer = ByteBuffer.wrap(chunk);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
            out.force(true); // no write-back of dirty pages running while we measure
        }
    }

    /** How long curl takes to send the file as a multipart form (as a browser would) and read the answer. */
    private static double curlSeconds(Path file, String url) throws Exception {
        Process curl = new ProcessBuilder("curl", "-s", "-S", "-o", "/dev/null", "-w", "%{time_total}",
                "-F", "file=@" + file, url).redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (curl.waitFor() != 0) {
            throw new IllegalStateException("curl failed: " + out);
        }
        return Double.parseDouble(out);
    }

    private static String rates(double[] seconds, long sizeMb) {
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        StringBuilder each = new StringBuilder();
        for (double s : seconds) {
            each.append(each.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", s));
        }
        return String.format(Locale.ROOT, "min %.2f s (%.0f MiB/s), median %.2f s (%.0f MiB/s); rounds: %s s",
                sorted[0], sizeMb / sorted[0], median(seconds), sizeMb / median(seconds), each);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /**
     * A whole filebridge application (pipelines/s3-intake.camel.yaml: S3 inbox/ -> Sendcloud, receipt to S3) takes one
     * object far larger than the heap: spooled to disk, hashed, uploaded, moved to processed/. The object is put under
     * a staging prefix first and moved under inbox/ (a rename in the store's folder) once the application runs, so
     * the heap is sampled over the intake alone. s3proxy (in this JVM) stores objects in files under target/benchmark-s3.
     */
    @Test
    void takeOneLargeObjectFromS3() throws Exception {
        long sizeMb = Long.getLong("benchmark.size-mb", 1024);
        Path work = Path.of("target", "benchmark-s3").toAbsolutePath();
        deleteTree(work);
        Files.createDirectories(work);
        Path source = work.resolve("object.bin");
        writeRandomFile(source, sizeMb);
        AtomicLong received = new AtomicLong();
        HttpServer server = drainingSendcloud(received);
        String key = "large/object.bin";
        try (S3Server s3 = S3Server.startOnDisk(work.resolve("store")).createBucket("bench")) {
            s3.client().putObject(r -> r.bucket("bench").key("staging/" + key), RequestBody.fromFile(source));
            Files.delete(source);
            Path staged = work.resolve("store/bench/staging").resolve(key);
            Path inbox = work.resolve("store/bench/inbox").resolve(key);
            if (!Files.exists(staged)) {
                throw new IllegalStateException("s3proxy's file store keeps objects elsewhere than " + staged);
            }
            try (ConfigurableApplicationContext app = S3IntakeApps.start("benchmark", "jdbc:h2:mem:benchmark-s3;"
                    + "MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", work, s3, "bench",
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v3")) {
                MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
                System.gc();
                long baseline = memory.getHeapMemoryUsage().getUsed();
                AtomicLong peak = new AtomicLong(baseline);
                var sampler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
                sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(),
                        Math::max), 0, 5, java.util.concurrent.TimeUnit.MILLISECONDS);
                long start = System.nanoTime();
                // appear at once, complete, as on S3 (a server-side copy of this size outlasts the client's timeout,
                // and s3proxy's file store lists an object while it is still being written)
                Files.createDirectories(inbox.getParent());
                Files.move(staged, inbox, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                long copied = System.nanoTime();
                await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(100))
                        .until(() -> received.get() >= sizeMb * 1024 * 1024);
                long uploaded = System.nanoTime();
                await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(100))
                        .until(() -> s3.keys("bench", "inbox/").isEmpty()
                                && s3.keys("bench", "processed/").contains("processed/" + key)
                                && s3.keys("bench", "receipts/").contains("receipts/" + key + ".receipt.json"));
                long done = System.nanoTime();
                sampler.shutdown();
                sampler.awaitTermination(1, java.util.concurrent.TimeUnit.SECONDS);

                double mb = sizeMb;
                System.out.printf("%nBENCHMARK S3 intake: object=%d MiB, vendor received=%d MiB%n", sizeMb,
                        received.get() / (1024 * 1024));
                System.out.printf("BENCHMARK S3 intake: move into inbox/ %.1f s; from there to the vendor"
                        + " having all bytes (poll, spool, hash, upload) %.1f s (%.0f MiB/s); until moved to"
                        + " processed/ with the receipt %.1f s (%.0f MiB/s end to end)%n", (copied - start) / 1e9,
                        (uploaded - copied) / 1e9, mb / ((uploaded - copied) / 1e9), (done - copied) / 1e9,
                        mb / ((done - copied) / 1e9));
                System.out.printf("BENCHMARK S3 intake heap: max=%d MiB, baseline=%d MiB, peak=%d MiB, growth=%d MiB"
                        + " (s3proxy serving the object runs in the same JVM and is included)%n",
                        memory.getHeapMemoryUsage().getMax() / (1024 * 1024), baseline / (1024 * 1024),
                        peak.get() / (1024 * 1024), (peak.get() - baseline) / (1024 * 1024));
            }
        } finally {
            server.stop(0);
            deleteTree(work);
        }
    }

    /** A loopback stand-in for Sendcloud's upload endpoint that reads and counts the body, then answers a token. */
    private static HttpServer drainingSendcloud(AtomicLong received) throws java.io.IOException {
        return drainingSendcloud(received, new java.util.concurrent.atomic.AtomicReference<>());
    }

    /** As above, noting how the last request framed its body (Content-Length or chunked). */
    private static HttpServer drainingSendcloud(AtomicLong received,
            java.util.concurrent.atomic.AtomicReference<String> framing) throws java.io.IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v3/dsf/files", exchange -> {
            var headers = exchange.getRequestHeaders();
            framing.set(headers.containsKey("Transfer-Encoding") ? "Transfer-Encoding: "
                    + headers.getFirst("Transfer-Encoding") : "Content-Length: " + headers.getFirst("Content-Length"));
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = exchange.getRequestBody()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    received.addAndGet(n);
                }
            }
            byte[] answer = "{\"file_token\":\"benchmark\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(201, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
