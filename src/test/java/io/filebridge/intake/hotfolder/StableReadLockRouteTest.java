package io.filebridge.intake.hotfolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The read lock inside a real Camel file consumer, with the route written as production routes are (YAML DSL), a
 * relative starting directory like {@code file:data/inbox/support}, and a short quiet period.
 */
class StableReadLockRouteTest {

    /** Well above the writers' 300 ms pauses, so a slow CI machine does not make a pause look like the end. */
    private static final Duration QUIET = Duration.ofSeconds(1);
    private static final Duration CHUNK_PAUSE = Duration.ofMillis(300);
    private static final int CHUNKS = 12;

    private static final String ROUTE = """
            - route:
                id: support-attachments
                from:
                  uri: file:%s
                  parameters: {recursive: true, exclusiveReadLockStrategy: "#stableReadLock", move: .done, moveFailed: .failed, delay: 100, initialDelay: 0}
                  steps:
                    - process: {ref: recorder}
                    - to: mock:out
            """;

    private final Deliveries deliveries = new Deliveries();
    private final List<StableFileReadLock> locks = new CopyOnWriteArrayList<>();
    private final Map<String, String> failedTargets = new ConcurrentHashMap<>();
    private Path inbox;
    private DefaultCamelContext context;
    private ScheduledExecutorService writers;

    @BeforeEach
    void startRoute() throws Exception {
        inbox = Path.of("target", "intake-it", UUID.randomUUID().toString(), "inbox", "support");
        Files.createDirectories(inbox);
        writers = Executors.newScheduledThreadPool(2);

        context = new DefaultCamelContext();
        context.getRegistry().bindAsPrototype(IntakeConfiguration.STABLE_READ_LOCK, StableFileReadLock.class, () -> {
            StableFileReadLock lock = new StableFileReadLock(QUIET);
            locks.add(lock);
            return lock;
        });
        context.getRegistry().bind("recorder", Processor.class, (Processor) this::record);
        PluginHelper.getRoutesLoader(context).loadRoutes(
                ResourceHelper.fromString("intake-test.camel.yaml", ROUTE.formatted(inbox)));
        context.start();
    }

    @AfterEach
    void stopRoute() throws IOException {
        writers.shutdownNow();
        context.close();
    }

    @Test
    void filesBeingWrittenAreDeliveredOnceCompleteAndOnlyAfterTheirLastChunk() throws Exception {
        Path ready = write("ready.txt", "written before the slow writers start".getBytes(StandardCharsets.UTF_8));
        ChunkedWriter growing = new ChunkedWriter(inbox.resolve("growing.bin"), randomBytes(1, 12 * 40_000), false);
        ChunkedWriter backdated = new ChunkedWriter(inbox.resolve("nested/backdated.bin"),
                randomBytes(2, 12 * 40_000 + 17), true);
        Files.createDirectories(backdated.target.getParent());
        growing.start(writers);
        backdated.start(writers);

        CompletableFuture.allOf(growing.done, backdated.done).get(20, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> deliveries.names().containsAll(List.of("growing.bin", "nested/backdated.bin")));

        assertThat(deliveries.only("ready.txt").deliveredAtNanos())
                .as("a complete file is not held up by files still being written")
                .isLessThan(growing.lastChunkStartedNanos);
        assertThat(deliveries.only("ready.txt").sha256()).isEqualTo(sha256(Files.readAllBytes(done(ready))));
        for (ChunkedWriter writer : List.of(growing, backdated)) {
            String name = inbox.relativize(writer.target).toString();
            Delivery delivery = deliveries.only(name);
            assertThat(delivery.sha256()).as("%s delivered with its complete content", name)
                    .isEqualTo(sha256(writer.content));
            assertThat(delivery.deliveredAtNanos()).as("%s delivered after its last chunk was written", name)
                    .isGreaterThan(writer.lastChunkWrittenNanos);
            assertThat(delivery.deliveredAtNanos() - writer.lastChunkStartedNanos)
                    .as("%s delivered at least the quiet period after its last write began", name)
                    .isGreaterThanOrEqualTo(QUIET.toNanos());
        }

        await().during(QUIET.plusMillis(300)).atMost(QUIET.plusSeconds(2))
                .until(() -> deliveries.size() == 3);
        assertThat(done(growing.target)).hasBinaryContent(growing.content);
        assertThat(done(backdated.target)).hasBinaryContent(backdated.content);
    }

    @Test
    void twentyFilesDroppedAtOnceAreEachDeliveredOnceAndMovedToDoneBesideThemselves() throws Exception {
        assertThat(System.getProperty("sun.jnu.encoding"))
                .as("the JVM must run under a UTF-8 locale (e.g. LANG=C.UTF-8) to handle non-ASCII file names")
                .isEqualToIgnoringCase("UTF-8");
        List<String> names = List.of(
                "plain.pdf",
                "with space.pdf",
                "Übersicht 2026 – 日本.pdf",
                "  leading and trailing  .txt",
                "semi;colon & ampersand #1.csv",
                "percent%20encoded+plus.xml",
                "no-extension",
                "a/one level.pdf",
                "a/b/two levels.pdf",
                "a/b/c/three levels.pdf",
                "a/b/c/Übersicht 2026 – 日本.pdf",
                "Ünïcödé dir/naïve résumé.docx",
                "Ünïcödé dir/日本語 サブ/ファイル 1.txt",
                "Ünïcödé dir/日本語 サブ/ファイル 2.txt",
                "with space/inner space/file.json",
                "with space/inner space/empty.bin",
                "x/y/z/w/deep.pdf",
                "x/y/same-name.pdf",
                "x/same-name.pdf",
                "same-name.pdf");
        Map<String, byte[]> contents = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            byte[] content = name.endsWith("empty.bin") ? new byte[0] : randomBytes(100 + i, 1 + i * 997);
            contents.put(name, content);
            write(name, content);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries.size() >= names.size());

        assertThat(deliveries.names()).containsExactlyInAnyOrderElementsOf(names);
        for (String name : names) {
            assertThat(deliveries.only(name).sha256()).as(name).isEqualTo(sha256(contents.get(name)));
            Path original = inbox.resolve(name);
            Path parent = original.getParent();
            Path movedTo = parent.resolve(".done").resolve(original.getFileName());
            assertThat(original).as("%s left the inbox", name).doesNotExist();
            assertThat(movedTo).as("%s moved into a .done folder beside it", name)
                    .hasBinaryContent(contents.get(name));
            if (!parent.equals(inbox)) {
                assertThat(inbox.resolve(".done").resolve(name))
                        .as("a recursive consumer's move=.done does not build a tree under the top-level .done")
                        .doesNotExist();
            }
        }

        await().during(QUIET.multipliedBy(2)).atMost(QUIET.multipliedBy(2).plusSeconds(2))
                .until(() -> deliveries.size() == names.size());
        assertThat(locks).hasSize(1);
        await().atMost(Duration.ofSeconds(2)).until(() -> locks.get(0).trackedFiles() == 0);
    }

    @Test
    void emptyFileIsDelivered() throws Exception {
        Path empty = write("empty.pdf", new byte[0]);

        await().atMost(QUIET.plusSeconds(5)).until(() -> deliveries.names().contains("empty.pdf"));

        assertThat(deliveries.only("empty.pdf").length()).isZero();
        await().atMost(Duration.ofSeconds(2)).until(() -> Files.exists(done(empty)));
        assertThat(empty).doesNotExist();
    }

    @Test
    void failedFileIsMovedToTheFailedFolderBesideItWhereTheEndpointsMoveFailedExpressionPoints() throws Exception {
        Path boom = write("sub/boom.pdf", "fails".getBytes(StandardCharsets.UTF_8));
        Path expected = inbox.resolve("sub/.failed/boom.pdf");

        await().atMost(QUIET.plusSeconds(5)).until(() -> Files.exists(expected));

        assertThat(boom).doesNotExist();
        assertThat(failedTargets).containsEntry("sub/boom.pdf", expected.toString());
        assertThat(inbox.resolve(".failed/sub/boom.pdf")).doesNotExist();
        await().during(QUIET.multipliedBy(2)).atMost(QUIET.multipliedBy(2).plusSeconds(2))
                .until(() -> deliveries.size() == 1 && locks.get(0).trackedFiles() == 0);
    }

    private void record(Exchange exchange) {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class);
        byte[] body = exchange.getMessage().getBody(byte[].class);
        deliveries.add(new Delivery(name, sha256(body), body.length, System.nanoTime()));
        if (name.endsWith("boom.pdf")) {
            FileEndpoint endpoint = (FileEndpoint) exchange.getFromEndpoint();
            failedTargets.put(name, endpoint.getMoveFailed().evaluate(exchange, String.class));
            throw new IllegalStateException("rejected by the test route");
        }
    }

    private Path write(String relativeName, byte[] content) throws IOException {
        Path file = inbox.resolve(relativeName);
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    private static Path done(Path original) {
        return original.resolveSibling(".done").resolve(original.getFileName());
    }

    private static byte[] randomBytes(long seed, int length) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    record Delivery(String name, String sha256, int length, long deliveredAtNanos) {
    }

    static final class Deliveries {
        private final ConcurrentLinkedQueue<Delivery> items = new ConcurrentLinkedQueue<>();

        void add(Delivery delivery) {
            items.add(delivery);
        }

        int size() {
            return items.size();
        }

        List<String> names() {
            return items.stream().map(Delivery::name).toList();
        }

        Delivery only(String name) {
            List<Delivery> matching = items.stream().filter(d -> d.name().equals(name)).collect(Collectors.toList());
            assertThat(matching).as("deliveries of %s", name).hasSize(1);
            return matching.get(0);
        }
    }

    /**
     * Writes a file in {@value #CHUNKS} chunks, {@code CHUNK_PAUSE} apart, through one open stream as a copying tool
     * does; optionally resets the file's mtime after every chunk to one fixed time a day ago, as {@code cp -p} or
     * {@code rsync -t} leave it, so the mtime alone never shows the growth.
     */
    static final class ChunkedWriter {
        final Path target;
        final byte[] content;
        final boolean backdate;
        final FileTime aDayAgo = FileTime.from(Instant.now().minus(Duration.ofDays(1)));
        final CompletableFuture<Void> done = new CompletableFuture<>();
        volatile long lastChunkStartedNanos;
        volatile long lastChunkWrittenNanos;
        private OutputStream out;
        private int nextChunk;

        ChunkedWriter(Path target, byte[] content, boolean backdate) {
            this.target = target;
            this.content = content;
            this.backdate = backdate;
        }

        void start(ScheduledExecutorService executor) {
            executor.execute(() -> writeNextChunk(executor));
        }

        private void writeNextChunk(ScheduledExecutorService executor) {
            try {
                if (out == null) {
                    out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                }
                int chunkSize = (content.length + CHUNKS - 1) / CHUNKS;
                int from = nextChunk * chunkSize;
                int to = Math.min(content.length, from + chunkSize);
                boolean last = nextChunk == CHUNKS - 1;
                if (last) {
                    lastChunkStartedNanos = System.nanoTime();
                }
                out.write(content, from, to - from);
                if (backdate) {
                    Files.setLastModifiedTime(target, aDayAgo);
                }
                nextChunk++;
                if (last) {
                    lastChunkWrittenNanos = System.nanoTime();
                    out.close();
                    done.complete(null);
                } else {
                    executor.schedule(() -> writeNextChunk(executor), CHUNK_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        }
    }
}
