package io.filebridge.faults;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A tiny tmpfs mounted on a folder (root only), filled to the last byte so the next write there fails with "No space
 * left on device", and freed again on demand: a disk that fills up and comes back.
 */
final class SmallDisk implements AutoCloseable {

    private final Path mountPoint;
    private final Path filler;

    private SmallDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
        this.filler = mountPoint.resolve("filler.bin");
    }

    /** Mounts a 1 MiB tmpfs on {@code mountPoint}; fails with a clear message when not root or not allowed. */
    static SmallDisk mount(Path mountPoint) throws IOException {
        String user = run(List.of("id", "-u")).strip();
        if (!user.equals("0")) {
            throw new AssertionError("the disk-full scenario mounts a small tmpfs and needs root (uid 0), but runs as"
                    + " uid " + user + "; run the fault suite as root (CI and the build machines are root)");
        }
        Files.createDirectories(mountPoint);
        String mounted = run(List.of("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint.toString()));
        if (!isMounted(mountPoint)) {
            throw new AssertionError("could not mount a tmpfs on " + mountPoint + " (the disk-full scenario needs"
                    + " it): " + mounted);
        }
        return new SmallDisk(mountPoint);
    }

    /** Writes a filler file until the file system refuses another byte. */
    void fill() throws IOException {
        byte[] block = "x".repeat(1024).getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            // that is the point; smaller writes may still fit, so fill those too
        }
        try (OutputStream out = Files.newOutputStream(mountPoint.resolve("filler-tail.bin"))) {
            while (true) {
                out.write('x');
                out.flush();
            }
        } catch (IOException full) {
            // full to the byte
        }
    }

    /** Space is back. */
    void free() throws IOException {
        Files.deleteIfExists(filler);
        Files.deleteIfExists(mountPoint.resolve("filler-tail.bin"));
    }

    @Override
    public void close() throws IOException {
        run(List.of("umount", mountPoint.toString()));
    }

    private static boolean isMounted(Path mountPoint) throws IOException {
        return Files.readAllLines(Path.of("/proc/mounts")).stream()
                .anyMatch(line -> line.split(" ")[1].equals(mountPoint.toAbsolutePath().toString()));
    }

    private static String run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command + " did not finish within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(command + " interrupted", e);
        }
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
