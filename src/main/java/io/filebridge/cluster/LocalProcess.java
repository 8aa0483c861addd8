package io.filebridge.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * This running process as the cluster knows it ({@code fb_instance}): the instance id it writes into the ledger, a run
 * id that is new at every start, and where it runs (host, pid and process start), so that another process on the same
 * machine can tell at once whether it still runs.
 *
 * @param instanceId the ledger's instance id ({@code filebridge.instance-id}); two processes may share it
 * @param runId      random per start: the one thing that tells this process from an earlier or parallel one
 * @param host       the host name
 * @param pidScope   where {@code pid} means something on Linux: the boot id and the pid namespace, so that two
 *                   containers with one host name, or a holder from before a reboot, are not taken for this machine's
 *                   processes; null where the system does not say (then the host name alone decides)
 * @param pid        the operating system's process id
 * @param started    when the process started, to see through a recycled pid; null if unknown
 */
public record LocalProcess(String instanceId, String runId, String host, String pidScope, long pid, Instant started) {

    /** Start times from the OS are rounded differently by different readers; closer than this is the same process. */
    private static final Duration SAME_START = Duration.ofSeconds(1);

    /** This JVM, with a fresh run id. */
    public static LocalProcess current(String instanceId) {
        ProcessHandle self = ProcessHandle.current();
        return new LocalProcess(instanceId, UUID.randomUUID().toString(), hostName(), readPidScope(), self.pid(),
                self.info().startInstant().orElse(null));
    }

    /** True if a process that wrote {@code otherHost} and {@code otherPidScope} runs here, where its pid can be looked up. */
    public boolean sameMachine(String otherHost, String otherPidScope) {
        return host.equals(otherHost) && Objects.equals(pidScope, otherPidScope);
    }

    /**
     * Why the process {@code pid}, started at {@code started}, on this machine is gone; empty if it still runs.
     * Only meaningful when {@link #sameMachine} holds.
     */
    public static Optional<String> gone(long pid, Instant started) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return Optional.of("its process (pid " + pid + ") no longer runs on this host");
        }
        Optional<Instant> runningSince = process.get().info().startInstant();
        if (started != null && runningSince.isPresent()
                && Duration.between(started, runningSince.get()).abs().compareTo(SAME_START) > 0) {
            return Optional.of("its process (pid " + pid + ", started " + started + ") no longer runs on this host;"
                    + " pid " + pid + " now belongs to a process started " + runningSince.get());
        }
        return Optional.empty();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "unknown-host" : env;
        }
    }

    private static String readPidScope() {
        try {
            String boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id"), StandardCharsets.US_ASCII)
                    .strip();
            String namespace = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
            return "boot " + boot + ", " + namespace;
        } catch (IOException | UnsupportedOperationException | SecurityException notLinux) {
            return null;
        }
    }
}
