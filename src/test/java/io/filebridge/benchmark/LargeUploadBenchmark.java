package io.filebridge.benchmark;

import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
 * Memory of a large upload: hashes and uploads one big file through the real vendor path (VendorUploads ->
 * VendorCaller -> camel-http) to a loopback server that drains the body, sampling heap use meanwhile. Prints numbers;
 * asserts nothing about time. Not part of {@code ./mvnw verify}; run it with:
 *
 * <pre>./mvnw test -Dtest=LargeUploadBenchmark -Dbenchmark.heap=256m -Dbenchmark.size-mb=2048 -Dsurefire.excludedGroups=</pre>
 *
 * The S3 variant ({@code -Dtest=LargeUploadBenchmark#takeOneLargeObjectFromS3}) runs a whole filebridge application
 * whose pipeline reads the object from an S3 prefix (s3proxy on a folder under target/) and uploads it.
 */
@Tag("benchmark")
class LargeUploadBenchmark {

    @Test
    void uploadOneLargeFile() throws Exception {
        long sizeMb = Long.getLong("benchmark.size-mb", 1024);
        Path file = Path.of("target", "benchmark-" + sizeMb + "mb.bin").toAbsolutePath();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(sizeMb * 1024 * 1024); // sparse: no time spent writing it
        }
        AtomicLong received = new AtomicLong();
        HttpServer server = drainingSendcloud(received);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.start();
            SendcloudSettings settings = new SendcloudSettings();
            settings.setBaseUrl(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v3"));
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
            long start = System.nanoTime();
            SourceFile source = SourceFile.read(file, file.getFileName().toString(), file.getFileName().toString());
            long hashed = System.nanoTime();
            uploads.upload(vendor, source, new UploadContext("benchmark", 0, "benchmark"), AttemptListener.NONE);
            long done = System.nanoTime();
            sampler.shutdown();
            sampler.awaitTermination(1, java.util.concurrent.TimeUnit.SECONDS);

            double mb = sizeMb;
            System.out.printf("%nBENCHMARK large upload: file=%d MiB, received=%d MiB%n", sizeMb,
                    received.get() / (1024 * 1024));
            System.out.printf("BENCHMARK hash: %.1f s (%.0f MiB/s); upload: %.1f s (%.0f MiB/s)%n",
                    (hashed - start) / 1e9, mb / ((hashed - start) / 1e9), (done - hashed) / 1e9,
                    mb / ((done - hashed) / 1e9));
            System.out.printf("BENCHMARK heap: max=%d MiB, baseline=%d MiB, peak=%d MiB, growth=%d MiB%n",
                    memory.getHeapMemoryUsage().getMax() / (1024 * 1024), baseline / (1024 * 1024),
                    peak.get() / (1024 * 1024), (peak.get() - baseline) / (1024 * 1024));
        } finally {
            server.stop(0);
            Files.deleteIfExists(file);
        }
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
        try (RandomAccessFile raf = new RandomAccessFile(source.toFile(), "rw")) {
            raf.setLength(sizeMb * 1024 * 1024);
        }
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
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v3/dsf/files", exchange -> {
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
