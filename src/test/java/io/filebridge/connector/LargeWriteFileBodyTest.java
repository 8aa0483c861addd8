package io.filebridge.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import io.filebridge.files.TailGate;
import org.apache.hc.core5.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LargeWriteFileBodyTest {

    private static final int SIZE = (int) LargeWriteFileBody.AHEAD_OF_HASH + 3 * LargeWriteFileBody.WRITE_SIZE + 1000;

    @TempDir
    Path dir;

    @Test
    void theBodyTrailsTheHashAndItsLastBlockWaitsForTheGate() throws Exception {
        byte[] content = content();
        Path file = Files.write(dir.resolve("f.bin"), content);
        TailGate tail = new TailGate();
        CountingStream out = new CountingStream();

        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> write(file, tail, out));

        await().atMost(Duration.ofSeconds(10)).until(() -> out.count.get() == LargeWriteFileBody.AHEAD_OF_HASH);
        tail.hashed(LargeWriteFileBody.WRITE_SIZE + 10);
        await().atMost(Duration.ofSeconds(10)).until(() -> out.count.get()
                == LargeWriteFileBody.AHEAD_OF_HASH + LargeWriteFileBody.WRITE_SIZE);
        tail.hashed(SIZE);
        await().atMost(Duration.ofSeconds(10)).until(() -> out.count.get() == SIZE - 1000);
        assertThat(writing).isNotDone();
        tail.open();
        writing.get();
        assertThat(out.bytes.toByteArray()).isEqualTo(content);
    }

    @Test
    void aWithheldTailEndsTheBodyShortWithWithheld() throws Exception {
        Path file = Files.write(dir.resolve("f.bin"), content());
        TailGate tail = new TailGate();
        tail.hashed(SIZE);
        CountingStream out = new CountingStream();
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> write(file, tail, out));
        await().atMost(Duration.ofSeconds(10)).until(() -> out.count.get() == SIZE - 1000);

        tail.withhold();

        assertThatThrownBy(writing::get).hasCauseInstanceOf(java.io.UncheckedIOException.class)
                .hasRootCauseInstanceOf(TailGate.Withheld.class);
        assertThat(out.count.get()).isEqualTo(SIZE - 1000);
    }

    @Test
    void withoutAGateTheFileIsWrittenAtOnce() throws Exception {
        byte[] content = content();
        Path file = Files.write(dir.resolve("f.bin"), content);
        CountingStream out = new CountingStream();

        new LargeWriteFileBody(file.toFile(), ContentType.APPLICATION_OCTET_STREAM, "f.bin", null).writeTo(out);

        assertThat(out.bytes.toByteArray()).isEqualTo(content);
    }

    private static void write(Path file, TailGate tail, OutputStream out) {
        try {
            new LargeWriteFileBody(file.toFile(), ContentType.APPLICATION_OCTET_STREAM, "f.bin", tail).writeTo(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] content() {
        byte[] content = new byte[SIZE];
        new SplittableRandom(7).nextBytes(content);
        return content;
    }

    private static final class CountingStream extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final AtomicLong count = new AtomicLong();

        @Override
        public void write(int b) {
            bytes.write(b);
            count.incrementAndGet();
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            count.addAndGet(len);
        }
    }
}
