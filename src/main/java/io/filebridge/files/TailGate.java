package io.filebridge.files;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Holds back the last bytes of an upload until the upload may complete. A large file's upload starts while its
 * SHA-256 is still being computed; but whether it may be uploaded at all (it may duplicate an earlier file) is known
 * only from the hash, and the ledger must say UPLOADING before a vendor can have it. A request whose body stops short
 * of its declared length is no upload for any HTTP server, so the body writer sends everything but its last block,
 * then waits here: {@link #open()} lets the rest go, {@link #withhold()} makes the writer fail the request instead.
 * The first decision counts; both are safe to call from any thread, and again.
 *
 * <p>The body also trails the hash ({@link #hashed}, {@link #awaitHashed}): it runs at most a few blocks ahead of what
 * the hash has read. So the last block is reached about when the hash ends and waits only for the ledger, never for a hash that a slow
 * disk drags out (a request whose body stalls for long would meet the vendor's idle timeout); and the file is read
 * from the page cache the hash has just filled.
 */
public final class TailGate {

    private final CompletableFuture<Boolean> decision = new CompletableFuture<>();
    /** Bytes of the file hashed so far; guarded by {@code this}. */
    private long hashed;

    /** The hash has read the file's first {@code bytes} bytes. */
    public synchronized void hashed(long bytes) {
        if (bytes > hashed) {
            hashed = bytes;
            notifyAll();
        }
    }

    /**
     * Waits until the hash has read the first {@code bytes} bytes, or the decision is made (an open gate means the
     * hash is known); throws {@link Withheld} if the upload was withheld meanwhile.
     */
    public void awaitHashed(long bytes) throws IOException {
        synchronized (this) {
            while (hashed < bytes && !decision.isDone()) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while an upload waited for its file's hash");
                }
            }
        }
        if (decision.isDone() && !decision.getNow(false)) {
            throw new Withheld();
        }
    }

    /** The ledger has the row as UPLOADING: the upload may complete. */
    public void open() {
        decision.complete(true);
        wake();
    }

    /** The upload must not complete (a duplicate, a failure, a stop): the writer abandons the request. */
    public void withhold() {
        decision.complete(false);
        wake();
    }

    private synchronized void wake() {
        notifyAll();
    }

    /** Whether the decision was made and was {@link #open()}. */
    public boolean isOpen() {
        return decision.getNow(false);
    }

    /** Waits for the decision; true if the upload may complete. */
    public boolean await() throws InterruptedIOException {
        try {
            return decision.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while holding back the end of an upload");
        } catch (ExecutionException e) {
            throw new IllegalStateException("the gate is completed with true or false only", e);
        }
    }

    /** For the body writer: returns once the tail may be sent, else throws {@link Withheld}. */
    public void awaitOpen() throws IOException {
        if (!await()) {
            throw new Withheld();
        }
    }

    /** The request was abandoned before its last bytes, on purpose: the vendor got no upload. */
    public static final class Withheld extends IOException {

        Withheld() {
            super("the upload was withheld before its last bytes (it is not to be uploaded); the vendor got an"
                    + " incomplete request, which is no upload");
        }
    }
}
