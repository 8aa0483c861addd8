package io.filebridge.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EarlyHashesTest {

    @TempDir
    Path dir;

    private final EarlyHashes hashes = new EarlyHashes(1024);

    @AfterEach
    void close() {
        hashes.close();
    }

    @Test
    void aFileTakenAsItWasSeenUsesItsEarlyHash() throws Exception {
        Path file = write("big.bin", 3 << 20);
        hashes.observed(file, FileStamp.of(file));
        await().atMost(Duration.ofSeconds(10)).until(() -> hashes.isDone(file));

        SourceFile read = hashes.read(file, "big.bin", "big.bin");

        assertThat(read.sha256()).isEqualTo(sha256(file));
        assertThat(read.size()).isEqualTo(3 << 20);
        assertThat(hashes.used()).isEqualTo(1);
        assertThat(hashes.pending()).isZero();
    }

    @Test
    void aFileThatChangedAfterItWasSeenIsHashedAgainWhenTaken() throws Exception {
        Path file = write("big.bin", 2 << 20);
        hashes.observed(file, FileStamp.of(file));
        await().atMost(Duration.ofSeconds(10)).until(() -> hashes.isDone(file));
        // a write keeps size and maybe mtime resolution, but moves the change time: the early hash must not count
        try (var channel = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}));
        }

        SourceFile read = hashes.read(file, "big.bin", "big.bin");

        assertThat(read.sha256()).isEqualTo(sha256(file));
        assertThat(hashes.used()).isZero();
    }

    @Test
    void smallFilesAndForgottenFilesAreHashedWhenTaken() throws Exception {
        Path small = write("small.bin", 100);
        Path gone = write("gone.bin", 4096);
        hashes.observed(small, FileStamp.of(small));
        hashes.observed(gone, FileStamp.of(gone));
        hashes.forget(gone);

        assertThat(hashes.pending()).isZero();
        assertThat(hashes.read(small, "small.bin", "small.bin").sha256()).isEqualTo(sha256(small));
        assertThat(hashes.read(gone, "gone.bin", "gone.bin").sha256()).isEqualTo(sha256(gone));
        assertThat(hashes.used()).isZero();
    }

    private Path write(String name, int size) throws IOException {
        byte[] content = new byte[size];
        new SplittableRandom(size).nextBytes(content);
        return Files.write(dir.resolve(name), content);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
