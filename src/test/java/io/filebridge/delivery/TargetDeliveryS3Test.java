package io.filebridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import io.filebridge.testsupport.S3Server;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Outputs delivered to an aws2-s3 target: keys under the prefix, exact bytes, multipart, hostile names refused. */
class TargetDeliveryS3Test {

    static S3Server s3;
    static CamelContext camel;
    static TargetDelivery delivery;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        s3 = S3Server.start().createBucket("outputs");
        camel = new DefaultCamelContext();
        camel.start();
        delivery = new TargetDelivery(camel.createProducerTemplate());
    }

    @AfterAll
    static void stop() {
        camel.stop();
        s3.close();
    }

    @Test
    void aNestedUnicodeNameLandsUnderThePrefixWithTheExactBytes() throws IOException {
        byte[] bytes = "Příručka – 指南 ✓\n".getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(dir.resolve("out.docx"), bytes);

        delivery.deliver(s3.targetUri("outputs", "translated/"), "cs-CZ/manuály/průvodce 指南.docx", file);

        String key = "translated/cs-CZ/manuály/průvodce 指南.docx";
        assertThat(s3.keys("outputs", "translated/")).containsExactly(key);
        assertThat(s3.read("outputs", key)).isEqualTo(bytes);
        assertThat(file).exists().hasBinaryContent(bytes);
    }

    @Test
    void exactlyOneSlashSeparatesPrefixAndName() throws IOException {
        Path file = Files.write(dir.resolve("a.txt"), new byte[] {1, 2, 3});

        delivery.deliver(s3.targetUri("outputs", "noslash"), "de/a.txt", file);
        delivery.deliver(s3.targetUri("outputs", "twoslashes//"), "de/a.txt", file);
        delivery.deliver(s3.targetUri("outputs", ""), "top/a.txt", file);

        assertThat(s3.keys("outputs", "noslash")).containsExactly("noslash/de/a.txt");
        assertThat(s3.keys("outputs", "twoslashes")).containsExactly("twoslashes/de/a.txt");
        assertThat(s3.keys("outputs", "top")).containsExactly("top/a.txt");
        assertThat(s3.read("outputs", "noslash/de/a.txt")).containsExactly(1, 2, 3);
    }

    @Test
    void anEmptyFileIsAnEmptyObject() throws IOException {
        Path file = Files.write(dir.resolve("empty.txt"), new byte[0]);

        delivery.deliver(s3.targetUri("outputs", "empty/"), "de/empty.txt", file);

        assertThat(s3.read("outputs", "empty/de/empty.txt")).isEmpty();
    }

    @Test
    void aFileOfMoreThanOnePartGoesUpAsAMultipartUpload() throws IOException {
        Path file = dir.resolve("big.bin");
        byte[] chunk = new byte[1 << 20];
        new Random(42).nextBytes(chunk);
        long size = 26L * 1024 * 1024 + 123; // more than the 25 MB default part size
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, size - written));
            }
        }

        delivery.deliver(s3.targetUri("outputs", "big/"), "cs-CZ/big.bin", file);

        var head = s3.client().headObject(r -> r.bucket("outputs").key("big/cs-CZ/big.bin"));
        assertThat(head.contentLength()).isEqualTo(size);
        assertThat(head.eTag()).as("a multipart ETag ends in -<parts>").endsWith("-2\"");
        assertThat(s3.read("outputs", "big/cs-CZ/big.bin")).isEqualTo(Files.readAllBytes(file));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../escape.txt", "cs/../../escape.txt", "/etc/passwd", "cs\\..\\x.txt", "cs/a\u0000b.txt",
        "cs/a\nb.txt", "cs//a.txt", "./a.txt", ""})
    void aHostileNameIsRefusedAndNothingIsWritten(String name) throws IOException {
        Path file = Files.write(dir.resolve("evil.txt"), new byte[] {9});

        assertThatThrownBy(() -> delivery.deliver(s3.targetUri("outputs", "hostile/"), name, file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refusing");

        assertThat(s3.keys("outputs", "")).noneMatch(k -> k.contains("escape") || k.contains("passwd")
                || k.startsWith("hostile"));
    }

    @Test
    void aPrefixThatClimbsOutIsRefused() {
        assertThatThrownBy(() -> TargetDelivery.s3Key("a/../..", "cs/x.txt"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("S3 prefix");
    }

    @Test
    void theKeyComesFromAnEncodedOrRawPrefix() {
        assertThat(TargetDelivery.prefixOf("aws2-s3:b?region=x&prefix=translated%2Fdocs%2F"))
                .isEqualTo("translated/docs/");
        assertThat(TargetDelivery.prefixOf("aws2-s3:b?prefix=RAW(a+b/)")).isEqualTo("a+b/");
        assertThat(TargetDelivery.prefixOf("aws2-s3:b")).isEmpty();
    }

    @Test
    void supportedTargets() {
        assertThat(TargetDelivery.supported("file:out/docs")).isTrue();
        assertThat(TargetDelivery.supported("aws2-s3:bucket?prefix=x/")).isTrue();
        assertThat(TargetDelivery.supported("aws2-s3://bucket")).isTrue();
        assertThat(TargetDelivery.supported("aws2-s3:?prefix=x/")).isFalse();
        assertThat(TargetDelivery.supported("ftp:host/dir")).isFalse();
        assertThat(TargetDelivery.supported(null)).isFalse();
    }

    @Test
    void secretsAreNotInErrorMessages() throws IOException {
        Path file = Files.write(dir.resolve("x.txt"), new byte[] {1});
        String target = s3.targetUri("no-such-bucket", "p/");

        assertThatThrownBy(() -> delivery.deliver(target, "cs/x.txt", file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining(S3Server.SECRET_KEY).hasMessageContaining("secretKey=xxxxxx");
    }
}
