package io.filebridge.files;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

/**
 * The SHA-256 of a file and its length, in one pass that runs at the speed of the CPU's SHA instructions: the next
 * block is read (copied from the page cache or disk) by the JDK's asynchronous file channel, on its own thread, while
 * this thread hashes the current one, so reading costs the hash no time. Reading and hashing on one thread took
 * ~0.8 s of CPU per GiB; the hash alone takes 0.61 s (1,650 MiB/s, what {@code openssl speed sha256} gets from this
 * CPU's SHA-NI: 1,720 MiB/s). Two blocks are all it holds in memory.
 */
final class FileSha256 {

    /** Bytes per read: few system calls, and the block is still in the CPU's cache while it is hashed. */
    static final int READ_SIZE = 256 * 1024;

    /**
     * Bytes per digest update. SHA-256 runs on the CPU's SHA instructions only inside code that the JIT's C2 compiled
     * with that intrinsic inlined, i.e. once the digest's {@code engineUpdate} has been called some thousands of
     * times; until then it is plain Java at about a fifth of the speed. Fed 64 KiB per call, a fresh JVM hashed its
     * first ~700 MiB at ~300 MiB/s; in 8 KiB slices the fast path starts after a few dozen MiB. Warm, the slice size
     * makes no difference (a call costs nanoseconds, a slice microseconds).
     */
    static final int DIGEST_SLICE = 8 * 1024;

    record Result(long size, String sha256) {
    }

    private FileSha256() {
    }

    static Result of(Path path) throws IOException {
        return of(path, null);
    }

    /** @param progress null, or told the bytes hashed so far after each block */
    static Result of(Path path, LongConsumer progress) throws IOException {
        MessageDigest sha256 = newSha256();
        long size = 0;
        try (AsynchronousFileChannel file = AsynchronousFileChannel.open(path, StandardOpenOption.READ)) {
            int blockSize = (int) Math.max(1, Math.min(READ_SIZE, file.size()));
            ByteBuffer reading = ByteBuffer.allocate(blockSize);
            ByteBuffer hashing = ByteBuffer.allocate(blockSize);
            Future<Integer> read = file.read(reading, 0);
            for (int n; (n = await(read)) >= 0; ) {
                size += n;
                ByteBuffer full = reading;
                reading = hashing;
                hashing = full;
                reading.clear();
                read = file.read(reading, size);
                for (int offset = 0; offset < n; offset += DIGEST_SLICE) {
                    sha256.update(full.array(), offset, Math.min(DIGEST_SLICE, n - offset));
                }
                if (progress != null) {
                    progress.accept(size);
                }
            }
        }
        return new Result(size, HexFormat.of().formatHex(sha256.digest()));
    }

    private static int await(Future<Integer> read) throws IOException {
        try {
            return read.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading the file to hash it");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
