package io.filebridge.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fingerprint decides duplicates: hashing in reads and slices must give the plain SHA-256 of the whole file. */
class SourceFileHashTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, FileSha256.DIGEST_SLICE - 1, FileSha256.DIGEST_SLICE + 1, FileSha256.READ_SIZE,
            FileSha256.READ_SIZE * 3 + 4321})
    void isTheSha256OfTheWholeFile(int size) throws IOException, NoSuchAlgorithmException {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        Path path = Files.write(dir.resolve("f.bin"), content);

        SourceFile file = SourceFile.read(path, "f.bin", "f.bin");

        assertThat(file.size()).isEqualTo(size);
        assertThat(file.sha256())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
    }
}
