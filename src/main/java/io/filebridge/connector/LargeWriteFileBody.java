package io.filebridge.connector;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;

import org.apache.hc.client5.http.entity.mime.FileBody;
import org.apache.hc.core5.http.ContentType;

/**
 * A {@link FileBody} (same part headers, same length, opened anew on every write, so repeatable) that streams the file
 * in large writes. Written by hand because neither HttpClient nor Camel lets one size FileBody's copy buffer: it
 * copies in 4 KiB pieces, which HttpClient's 8 KiB session buffer collects into 8 KiB socket writes, some 130,000 per
 * GiB. That cost the sending thread ~1.4 s of CPU per GiB and held uploads to about half of curl's rate over the same
 * loopback (LargeUploadBenchmark). Writes larger than the session buffer bypass it and go straight to the socket
 * (so HttpClient's buffer settings need no change): 0.26 s of CPU per GiB, about curl's rate.
 */
final class LargeWriteFileBody extends FileBody {

    /**
     * Large enough that system calls cost little next to copying (64 KiB took 0.3-0.4 s of CPU per GiB, this 0.26 s);
     * small enough not to matter to the heap.
     */
    static final int WRITE_SIZE = 256 * 1024;

    LargeWriteFileBody(File file, ContentType contentType, String filename) {
        super(file, contentType, filename);
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        // a small file needs no more buffer than its size
        byte[] buffer = new byte[(int) Math.max(1, Math.min(WRITE_SIZE, getFile().length()))];
        try (InputStream in = Files.newInputStream(getFile().toPath())) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        }
    }
}
