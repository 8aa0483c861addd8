package io.filebridge.faults;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Drops files into every pipeline at a steady pace, whatever the application is doing (running, dead, starting):
 * {@code files} per pipeline, each with a unique name and unique content. Names and sizes come from a seeded
 * {@link Random}, so a seed reproduces the same inputs.
 */
final class Feeder implements AutoCloseable {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final List<FaultPipeline> pipelines;
    private final int files;
    private final Random random;
    private final long seed;
    private final List<Input> inputs = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "faults-feeder");
        thread.setDaemon(true);
        return thread;
    });
    private int next;

    Feeder(List<FaultPipeline> pipelines, int files, long seed) {
        this.pipelines = List.copyOf(pipelines);
        this.files = files;
        this.seed = seed;
        this.random = new Random(seed);
    }

    /** Starts dropping one file per pipeline every {@code pace}. */
    Feeder start(Duration pace) {
        clock.scheduleAtFixedRate(this::tick, 0, Math.max(1, pace.toMillis()), TimeUnit.MILLISECONDS);
        return this;
    }

    private void tick() {
        if (finished.isDone()) {
            return;
        }
        try {
            for (FaultPipeline pipeline : pipelines) {
                Input input = newInput(pipeline.name(), next);
                pipeline.drop(input);
                inputs.add(input);
            }
            next++;
            if (next >= files) {
                finished.complete(null);
                clock.shutdown();
            }
        } catch (Exception | AssertionError e) {
            finished.completeExceptionally(e);
            clock.shutdown();
        }
    }

    /**
     * A unique name (some in subfolders, some with spaces and non-ASCII letters, all {@code .txt}) and unique
     * content of a few hundred bytes to some 16 KB.
     */
    private Input newInput(String pipeline, int index) {
        StringBuilder tag = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            tag.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        String folder = switch (index % 6) {
            case 1 -> "sub-" + index % 3 + "/";
            case 3 -> "Übersicht/deep/";
            default -> "";
        };
        String name = index % 4 == 2 ? "report " + index + " " + tag + " ärger.txt" : "f" + index + "-" + tag + ".txt";
        StringBuilder content = new StringBuilder("fault-suite input " + pipeline + " #" + index + " seed " + seed
                + " " + tag + "\n");
        int lines = 4 + random.nextInt(250);
        for (int line = 0; line < lines; line++) {
            content.append("line ").append(line).append(" of ").append(pipeline).append(' ').append(index)
                    .append(": the quick brown fox jumps over the lazy dog ").append(random.nextInt()).append('\n');
        }
        return Input.of(pipeline, index, folder + name, content.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Inputs dropped so far, in order. */
    List<Input> inputs() {
        synchronized (inputs) {
            return List.copyOf(inputs);
        }
    }

    boolean finished() {
        return finished.isDone();
    }

    /** Completes when every file was dropped; exceptionally when a drop failed. */
    CompletableFuture<Void> whenFinished() {
        return finished;
    }

    @Override
    public void close() {
        clock.shutdownNow();
    }
}
