package io.filebridge.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted on a folder, to fill up on purpose: a disk-full test puts a data dir, spool, outbox or inbox
 * on it. Mounting needs root (or CAP_SYS_ADMIN); without it {@link #mount} fails with a message saying so, so a
 * disk-full test fails clearly rather than passing without having tested anything. {@link #close()} unmounts.
 */
public final class SmallDisk implements AutoCloseable {

    private static final String FILLER = ".small-disk-filler";

    private final Path dir;

    private SmallDisk(Path dir) {
        this.dir = dir;
    }

    /** Creates {@code dir} if needed and mounts a tmpfs of {@code bytes} (rounded up to whole pages) on it. */
    public static SmallDisk mount(Path dir, long bytes) {
        Path absolute = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the mount point " + absolute, e);
        }
        String failure = run("mount", "-t", "tmpfs", "-o", "size=" + bytes, "tmpfs", absolute.toString());
        if (failure != null) {
            throw new IllegalStateException("SmallDisk needs root (or CAP_SYS_ADMIN) to mount a tmpfs on " + absolute
                    + "; this disk-full test cannot run without it. mount said: " + failure);
        }
        return new SmallDisk(absolute);
    }

    public Path dir() {
        return dir;
    }

    /** Usable bytes left on the disk. */
    public long usableBytes() {
        return dir.toFile().getUsableSpace();
    }

    /** Fills the disk completely: the next write to it fails with "No space left on device". */
    public void fill() {
        fillLeaving(0);
    }

    /** Writes a filler file until at most {@code bytes} (give or take a page) are left. */
    public void fillLeaving(long bytes) {
        byte[] chunk = new byte[4096];
        try (OutputStream out = Files.newOutputStream(dir.resolve(FILLER + "-" + System.nanoTime()))) {
            while (usableBytes() > bytes) {
                out.write(chunk, 0, (int) Math.min(chunk.length, Math.max(1, usableBytes() - bytes)));
                out.flush();
            }
        } catch (IOException full) {
            if (usableBytes() > bytes) {
                throw new UncheckedIOException("could not fill " + dir, full);
            }
        }
    }

    /** Deletes what {@link #fill} and {@link #fillLeaving} wrote; what the code under test wrote stays. */
    public void free() {
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(FILLER)).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not free " + dir, e);
        }
    }

    /** Unmounts; lazily if a process still has files open there, so the test run never hangs on it. */
    @Override
    public void close() {
        if (run("umount", dir.toString()) != null) {
            String failure = run("umount", "-l", dir.toString());
            if (failure != null) {
                throw new IllegalStateException("cannot unmount " + dir + ": " + failure);
            }
        }
    }

    /** Runs a command; null when it succeeded, else what it printed. */
    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return String.join(" ", command) + " did not finish within 30 s";
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.exitValue() == 0 ? null : output + " (exit " + process.exitValue() + ")";
        } catch (IOException e) {
            return "cannot run " + command[0] + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
