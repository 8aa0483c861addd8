package io.filebridge.benchmark;

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
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.filebridge.intake.SourceFile;
import io.filebridge.security.SecretRedactor;
import io.filebridge.vendor.AttemptListener;
import io.filebridge.vendor.CamelHttpTransport;
import io.filebridge.vendor.UploadContext;
import io.filebridge.vendor.VendorCaller;
import io.filebridge.vendor.VendorUploads;
import io.filebridge.vendor.sendcloud.SendcloudSettings;
import io.filebridge.vendor.sendcloud.SendcloudVendor;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Memory of a large upload: hashes and uploads one big file through the real vendor path (VendorUploads ->
 * VendorCaller -> camel-http) to a loopback server that drains the body, sampling heap use meanwhile. Prints numbers;
 * asserts nothing about time. Not part of {@code ./mvnw verify}; run it with:
 *
 * <pre>./mvnw test -Dtest=LargeUploadBenchmark -Dbenchmark.heap=256m -Dbenchmark.size-mb=2048 -Dsurefire.excludedGroups=</pre>
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
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.start();
            SendcloudSettings settings = new SendcloudSettings();
            settings.setBaseUrl(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v3"));
            settings.setPublicKey("benchmark");
            settings.setSecretKey("benchmark");
            var transport = new CamelHttpTransport(camel.createProducerTemplate());
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
}
