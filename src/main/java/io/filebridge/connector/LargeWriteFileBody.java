package io.filebridge.connector;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;

import io.filebridge.files.TailGate;
import org.apache.hc.client5.http.entity.mime.FileBody;
import org.apache.hc.core5.http.ContentType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link FileBody} (same part headers, same length, opened anew on every write, so repeatable) that streams the file
 * in large writes. Written by hand because neither HttpClient nor Camel lets one size FileBody's copy buffer: it
 * copies in 4 KiB pieces, which HttpClient's 8 KiB session buffer collects into 8 KiB socket writes, some 130,000 per
 * GiB. That cost the sending thread ~1.4 s of CPU per GiB and held uploads to about half of curl's rate over the same
 * loopback (LargeUploadBenchmark). Writes larger than the session buffer bypass it and go straight to the socket
 * (so HttpClient's buffer settings need no change): 0.26 s of CPU per GiB, about curl's rate.
 */
final class LargeWriteFileBody extends FileBody {

    private static final Logger log = LoggerFactory.getLogger(LargeWriteFileBody.class);

    /**
     * Large enough that system calls cost little next to copying (64 KiB took 0.3-0.4 s of CPU per GiB, this 0.26 s);
     * small enough not to matter to the heap.
     */
    static final int WRITE_SIZE = 256 * 1024;

    /**
     * How far the body may run ahead of the file's hash (TailGate): enough that the two rarely wait for each other,
     * little enough that the last block never waits long (64 MiB hash in ~40 ms).
     */
    static final long AHEAD_OF_HASH = 64L << 20;

    /** Null, or what the last block waits for ({@link TailGate}). */
    private final TailGate tail;

    LargeWriteFileBody(File file, ContentType contentType, String filename, TailGate tail) {
        super(file, contentType, filename);
        this.tail = tail;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        // a small file needs no more buffer than its size
        long length = getFile().length();
        byte[] buffer = new byte[(int) Math.max(1, Math.min(WRITE_SIZE, length))];
        long written = 0;
        try (InputStream in = Files.newInputStream(getFile().toPath())) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (tail != null) {
                    tail.awaitHashed(written + n - AHEAD_OF_HASH); // see TailGate: the body trails the hash
                }
                if (tail != null && written + n >= length) {
                    out.flush(); // everything before the last block is on its way while the decision is made
                    long waiting = System.nanoTime();
                    tail.awaitOpen();
                    log.debug("{}: the last block waited {} ms for the ledger", getFilename(),
                            (System.nanoTime() - waiting) / 1_000_000);
                }
                out.write(buffer, 0, n);
                written += n;
            }
        }
    }
}
