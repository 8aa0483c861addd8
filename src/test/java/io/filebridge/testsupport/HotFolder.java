package io.filebridge.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A pipeline's folders in a test: an inbox to drop files into, its {@code .done}/{@code .failed} folders, and an
 * outbox for receipts. Each instance lives in its own folder under target/, so test classes never share files.
 */
public final class HotFolder {

    private static final ObjectMapper JSON = new ObjectMapper();

    public final Path root;
    public final Path inbox;
    public final Path outbox;

    private HotFolder(Path root) {
        this.root = root;
        this.inbox = root.resolve("inbox");
        this.outbox = root.resolve("outbox");
    }

    public static HotFolder create(String name) {
        Path root = Path.of("target", "test-work", name + "-" + UUID.randomUUID().toString().substring(0, 8))
                .toAbsolutePath();
        return new HotFolder(root);
    }

    /** Writes a file next to the inbox and moves it in, so the test itself never hands over half a file. */
    public Path drop(String relativePath, byte[] content) throws IOException {
        Path staging = Files.createDirectories(root.resolve("staging")).resolve(UUID.randomUUID().toString());
        Files.write(staging, content);
        Path target = inbox.resolve(relativePath);
        Files.createDirectories(target.getParent());
        return Files.move(staging, target);
    }

    public Path drop(String relativePath, String content) throws IOException {
        return drop(relativePath, content.getBytes(StandardCharsets.UTF_8));
    }

    public Path receipt(String relativePath) {
        return outbox.resolve(relativePath + ".receipt.json");
    }

    public Path done(String relativePath) {
        return inbox.resolve(".done").resolve(relativePath);
    }

    public Path failed(String relativePath) {
        return inbox.resolve(".failed").resolve(relativePath);
    }

    public Path errorReport(String relativePath) {
        return inbox.resolve(".failed").resolve(relativePath + ".error.json");
    }

    /** The receipt is written inside the route, the archive move happens when the route completes: wait for it. */
    public Path awaitDone(String relativePath) {
        return awaitExists(done(relativePath));
    }

    public static Path awaitExists(Path path) {
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(path));
        return path;
    }

    public JsonNode awaitReceipt(String relativePath) {
        return awaitJson(receipt(relativePath));
    }

    /** The report, once the failed file lies beside it (the report can be written just before the move). */
    public JsonNode awaitErrorReport(String relativePath) {
        JsonNode report = awaitJson(errorReport(relativePath));
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(failed(relativePath)));
        return report;
    }

    public static JsonNode awaitJson(Path file) {
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(file));
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new AssertionError("unreadable JSON in " + file, e);
        }
    }

    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
