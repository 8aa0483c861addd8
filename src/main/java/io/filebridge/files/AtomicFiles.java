package io.filebridge.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Durable file writes and moves. A file is written under a temporary hidden name in its folder, flushed to the disk,
 * then renamed, and the folder is flushed: no reader, no crash and no power loss leaves a partial file under the final
 * name (after a power loss the file is either there whole or absent, and a temporary file may remain). Moves into an
 * archive never replace a file that is there already.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    public static void write(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // a fixed temporary name: a write a stop interrupted leaves it, and the next write of the same file reuses it
        Path temp = dir.resolve("." + shortened(target.getFileName().toString()) + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Flushes a file's content to the disk (fsync). */
    public static void sync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * Flushes a folder's entries (a rename into it) to the disk. Where the platform cannot open a folder for that
     * (Windows) the rename is durable once the file system flushes it on its own.
     */
    public static void syncDirectory(Path dir) {
        Path folder = dir.toAbsolutePath().normalize();
        FLUSHES.computeIfAbsent(folder, FolderFlush::new).flush();
    }

    /** The flushes of each folder, while any is asked for: concurrent requests share one (see FolderFlush). */
    private static final ConcurrentMap<Path, FolderFlush> FLUSHES = new ConcurrentHashMap<>();

    /**
     * Group commit of one folder's flushes. A flush makes durable every change made to the folder before it started,
     * so callers that ask while one runs wait for the next one and share it: with many files archived into the same
     * folder at once (a fsync costs ~20 ms on a virtual disk) the folder is flushed a few times instead of once per
     * file, and each caller still returns only after a flush that began after its own rename.
     */
    private static final class FolderFlush {
        private final Path folder;
        private long asked;
        private long covered;
        private boolean running;

        FolderFlush(Path folder) {
            this.folder = folder;
        }

        void flush() {
            long ticket;
            long covering;
            synchronized (this) {
                ticket = ++asked;
                while (covered < ticket && running) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (covered >= ticket) {
                    return;
                }
                running = true;
                covering = asked; // every ticket handed out so far was asked after its rename: this flush covers it
            }
            try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
                channel.force(true);
            } catch (IOException e) {
                // not possible on this platform or file system: nothing more to do
            } finally {
                synchronized (this) {
                    covered = covering;
                    running = false;
                    notifyAll();
                    if (asked == covered) {
                        FLUSHES.remove(folder, this); // idle: a later request starts afresh (no entry per folder kept)
                    }
                }
            }
        }
    }

    /**
     * Moves {@code from} (a file, a link or a special file, never followed) to {@code wanted}, or, if a file is there
     * already, to the first free name of the form {@code name (2).ext}, {@code name (3).ext}, ...; returns where it
     * went. A hard link claims the name atomically where the file system has them, so not even a concurrent move takes
     * the same name; elsewhere the name is checked just before the move.
     */
    public static Path moveWithoutReplacing(Path from, Path wanted) throws IOException {
        Files.createDirectories(wanted.toAbsolutePath().getParent());
        for (int n = 1; n < 10_000; n++) {
            Path candidate = n == 1 ? wanted : numbered(wanted, n);
            boolean linked;
            try {
                Files.createLink(candidate, from);
                linked = true;
            } catch (FileAlreadyExistsException taken) {
                if (Files.isSameFile(candidate, from)) {
                    linked = true; // a stop came between an earlier move's link and unlink: finish that move
                } else {
                    continue;
                }
            } catch (UnsupportedOperationException | IOException noLinks) {
                // a file system without hard links (some SMB or FAT mounts): check, then move
                if (Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                Files.move(from, candidate); // without REPLACE_EXISTING: refuses an existing target
                linked = false;
            }
            if (linked) {
                Files.delete(from);
            }
            syncDirectory(candidate.toAbsolutePath().getParent());
            syncDirectory(from.toAbsolutePath().getParent());
            return candidate;
        }
        throw new FileAlreadyExistsException(wanted.toString(), null, "no free name for the archive");
    }

    /** {@code report.pdf} -> {@code report (2).pdf}; a name without extension gets the number at its end. */
    public static Path numbered(Path wanted, int n) {
        String name = wanted.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String numbered = dot > 0 ? name.substring(0, dot) + " (" + n + ")" + name.substring(dot)
                : name + " (" + n + ")";
        return wanted.resolveSibling(numbered);
    }

    /**
     * Temporary names keep a recognisable start of the target's name, short enough for any file system, and a hash
     * of the whole name so two long names that start alike do not share one.
     */
    private static String shortened(String name) {
        return name.length() <= 60 ? name : name.substring(0, 60) + "~" + Integer.toHexString(name.hashCode());
    }
}
