package io.filebridge.files;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SHA-256s of large hot-folder files, computed while their quiet period runs rather than after it: a file of 1 GiB
 * takes ~0.6 s to hash, which would otherwise come on top of the quiet period before its first byte is sent.
 *
 * <p>An early hash counts only for the very state of the file it was computed from: it records the file's
 * {@link FileStamp} when it starts, and is used only if the stamp is the same when it ends and when the file is taken
 * ({@link #read}). Any write in between moves the inode change time, so a hash of content that changed is never used;
 * the file is then hashed when it is taken, as every file was before. Nothing here decides when a file is stable.
 *
 * <p>One thread hashes, with a short queue: a hash that has not begun when its file is taken is withdrawn and the
 * taking thread hashes itself, so a backlog of large files never waits on this thread.
 */
public final class EarlyHashes implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EarlyHashes.class);
    private static final int QUEUE = 16;

    private final long fromBytes;
    private final ThreadPoolExecutor hasher;
    private final ConcurrentMap<Path, Early> early = new ConcurrentHashMap<>();
    private final AtomicLong used = new AtomicLong();

    /** @param fromBytes files of at least this size are hashed early; 0 or less: none */
    public EarlyHashes(long fromBytes) {
        this.fromBytes = fromBytes;
        this.hasher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE),
                runnable -> {
                    Thread thread = new Thread(runnable, "early-hash");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** A hash of the file at one stamp, begun or queued, and who wants to know how far it got. */
    private record Early(FileStamp stamp, FutureTask<FileSha256.Result> task, AtomicBoolean begun,
            AtomicLong hashed, AtomicReference<LongConsumer> watcher) {

        void progressed(long bytes) {
            hashed.set(bytes);
            LongConsumer watching = watcher.get();
            if (watching != null) {
                watching.accept(bytes);
            }
        }

        void watch(LongConsumer progress) {
            watcher.set(progress);
            progress.accept(hashed.get());
        }
    }

    /**
     * The read lock saw {@code path} in state {@code stamp}, likely to stay so (it has not changed since the last look,
     * or was last modified a while ago): hash it now unless it is small or already being hashed in this state.
     */
    public void observed(Path path, FileStamp stamp) {
        if (!isLarge(stamp.size())) {
            return;
        }
        early.compute(path.toAbsolutePath().normalize(), (p, known) -> {
            if (known != null && known.stamp().equals(stamp)) {
                return known;
            }
            if (known != null) {
                known.task().cancel(true);
            }
            log.debug("{}: hashing early ({})", p, stamp);
            AtomicBoolean begun = new AtomicBoolean();
            AtomicReference<Early> self = new AtomicReference<>();
            FutureTask<FileSha256.Result> task = new FutureTask<>(() -> {
                begun.set(true);
                return hashUnchanged(p, stamp, bytes -> self.get().progressed(bytes));
            });
            Early started = new Early(stamp, task, begun, new AtomicLong(), new AtomicReference<>());
            self.set(started);
            try {
                hasher.execute(task);
            } catch (RejectedExecutionException full) {
                return null; // the queue is full (or closing): the file is hashed when it is taken
            }
            return started;
        });
    }

    /** The file changed, vanished or was taken elsewhere: any early hash of it is dropped. */
    public void forget(Path path) {
        Early dropped = early.remove(path.toAbsolutePath().normalize());
        if (dropped != null) {
            dropped.task().cancel(true);
        }
    }

    /**
     * The file as the vendor step sees it, with its hash: the early one if it was computed (or is being computed, then
     * this waits for it) from the file's current state, else computed now.
     */
    public SourceFile read(Path path, String name, String relativePath) throws IOException {
        return read(path, name, relativePath, null);
    }

    /** As {@link #read(Path, String, String)}, telling {@code progress} the bytes hashed so far as the hash goes. */
    public SourceFile read(Path path, String name, String relativePath, LongConsumer progress) throws IOException {
        FileSha256.Result hashed = earlyResult(path, progress);
        log.debug("{}: {}", path, hashed != null ? "hashed early" : "hashing now");
        return SourceFile.of(path, name, relativePath, hashed != null ? hashed : FileSha256.of(path, progress));
    }

    private FileSha256.Result earlyResult(Path path, LongConsumer progress) throws IOException {
        Early found = early.remove(path.toAbsolutePath().normalize());
        if (found == null) {
            return null;
        }
        if (!found.begun().get() && found.task().cancel(false)) {
            return null; // still queued: hashing here is quicker than waiting for the queue
        }
        if (progress != null) {
            found.watch(progress);
        }
        FileSha256.Result result;
        try {
            result = found.task().get();
        } catch (CancellationException | ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the file's hash");
        }
        if (result == null || !found.stamp().equals(FileStamp.of(path))) {
            return null;
        }
        used.incrementAndGet();
        return result;
    }

    /** The hash of the file if it kept {@code stamp} from before the first byte read to after the last; else null. */
    private static FileSha256.Result hashUnchanged(Path path, FileStamp stamp, LongConsumer progress) {
        try {
            if (!stamp.equals(FileStamp.of(path))) {
                return null;
            }
            FileSha256.Result result = FileSha256.of(path, progress);
            return result.size() == stamp.size() && stamp.equals(FileStamp.of(path)) ? result : null;
        } catch (IOException e) {
            log.debug("early hash of {} given up: {}", path, e.toString());
            return null;
        }
    }

    /** Whether a file of this size is large: hashed early, and sent while its hash is finished. */
    public boolean isLarge(long size) {
        return fromBytes > 0 && size >= fromBytes;
    }

    /** Whether an early hash of the file has ended (for tests). */
    boolean isDone(Path path) {
        Early known = early.get(path.toAbsolutePath().normalize());
        return known != null && known.task().isDone();
    }

    /** How many taken files used their early hash. */
    public long used() {
        return used.get();
    }

    /** Files whose early hash is queued, running or done and not yet taken. */
    public int pending() {
        return early.size();
    }

    @Override
    public void close() {
        hasher.shutdownNow();
        early.clear();
    }

    @Override
    public String toString() {
        return "EarlyHashes[from " + fromBytes + " bytes, " + early.size() + " pending]";
    }
}
