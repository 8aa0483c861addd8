package io.filebridge.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.core.ConditionTimeoutException;

/**
 * The packaged application as an operator starts it ({@code bin/filebridge}, see {@link PackagedApplication}) as a
 * child process, started in a working directory that holds {@code config/} and {@code routes/}, as an operator runs it. Each start writes the
 * child's stdout and stderr to its own file ({@code logs/<name>-run-NN.log}), so a failure can point at the run that
 * misbehaved. Used by the fault suite ({@code io.filebridge.faults}, with {@code -Xmx256m}) and the throughput
 * benchmark ({@code io.filebridge.benchmark.ThroughputBenchmarkIT}, with no JVM options unless asked).
 */
public final class FilebridgeProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final PackagedApplication application;
    private final Path workDir;
    private final String name;
    private final int port;
    private final List<String> jvmOptions;
    private final List<String> arguments;
    private final Map<String, String> environment;
    private Process process;
    private Path log;
    private int runs;
    private long startedNanos;

    /**
     * @param jvmOptions JVM options after the launcher's defaults (e.g. {@code -Xmx256m}); empty: what an operator who
     *                   runs {@code bin/filebridge} gets
     * @param arguments application arguments after {@code --server.port=<a free port>}
     */
    public FilebridgeProcess(PackagedApplication application, Path workDir, String name, List<String> jvmOptions,
            List<String> arguments, Map<String, String> environment) {
        this.application = application;
        this.workDir = workDir;
        this.name = name;
        this.port = freePort();
        this.jvmOptions = List.copyOf(jvmOptions);
        this.arguments = List.copyOf(arguments);
        this.environment = Map.copyOf(environment);
    }

    /** Starts a new run; the previous one must have ended. */
    public FilebridgeProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        application.requireBuilt();
        runs++;
        List<String> all = new ArrayList<>(List.of("--server.port=" + port));
        all.addAll(arguments);
        ProcessBuilder builder = application.processBuilder(jvmOptions, all);
        List<String> command = builder.command();
        try {
            log = Files.createDirectories(workDir.resolve("logs")).resolve(String.format("%s-run-%02d.log", name,
                    runs));
            builder.directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            startedNanos = System.nanoTime();
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
        return this;
    }

    /** Waits until {@code /actuator/health/readiness} answers 200; fails at once if the process dies meanwhile. */
    public FilebridgeProcess awaitReady(Duration timeout) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError(name + " exited with " + process.exitValue() + " before it was ready;"
                            + " its log: " + log + "\n" + tail());
                }
                return readinessStatus() == 200;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name + " was not ready within " + timeout + "; its log: " + log + "\n" + tail(),
                    e);
        }
        return this;
    }

    /** The HTTP status of the readiness probe, or -1 when nothing answers. */
    public int readinessStatus() {
        return readiness().statusCode();
    }

    /** The readiness probe's answer; status -1 and an empty body when nothing answers. */
    public Answer readiness() {
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl()
                    + "/actuator/health/readiness")).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(answer.statusCode(), answer.body());
        } catch (IOException e) {
            return new Answer(-1, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "");
        }
    }

    /** An HTTP answer: status and body. */
    public record Answer(int statusCode, String body) {
    }

    /** SIGKILL (what {@code destroyForcibly} sends on Linux): no shutdown hook, no flush, no goodbye. */
    public void kill() {
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(30));
    }

    /** SIGTERM, without waiting for the process to end ({@link #stop} waits). */
    public void terminate() {
        if (process != null && process.isAlive()) {
            process.destroy();
        }
    }

    /** SIGTERM: Spring's and Camel's graceful shutdown; SIGKILL only if that takes more than two minutes. */
    public void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!waitForExit(Duration.ofMinutes(2))) {
            process.destroyForcibly();
            waitForExit(Duration.ofSeconds(30));
        }
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    public int runs() {
        return runs;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The operating system's process id of the current (or last) run. */
    public long pid() {
        return process.pid();
    }

    /** {@link System#nanoTime()} just before the current (or last) run was started. */
    public long startedNanos() {
        return startedNanos;
    }

    /** The log of the current (or last) run. */
    public Path log() {
        return log;
    }

    /** The last lines of the current run's log, for failure messages. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
