package io.filebridge.sandbox.emulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** A request as an emulator route sees it: headers, a body read once, and the contract violations found in it. */
public final class EmulatorRequest {

    private final String method;
    private final String path;
    private final String query;
    private final Map<String, List<String>> headers;
    private final Instant arrivedAt;
    private final boolean drainBodies;
    private final boolean hashParts;
    private final BodyStream body;
    private final List<String> violations = new ArrayList<>();
    private MultipartPart upload;

    EmulatorRequest(HttpExchange exchange, Instant arrivedAt, boolean drainBodies, boolean hashParts) {
        this.method = exchange.getRequestMethod();
        this.path = exchange.getRequestURI().getRawPath();
        this.query = exchange.getRequestURI().getRawQuery();
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> copy.put(name, List.copyOf(values)));
        this.headers = copy;
        this.arrivedAt = arrivedAt;
        this.drainBodies = drainBodies;
        this.hashParts = hashParts;
        this.body = new BodyStream(exchange.getRequestBody(), !drainBodies);
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public String query() {
        return query;
    }

    public Instant arrivedAt() {
        return arrivedAt;
    }

    public List<String> headers(String name) {
        return headers.getOrDefault(name, List.of());
    }

    public Optional<String> header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The whole body in memory, whatever the mode: for small bodies such as forms and JSON. */
    public byte[] readBody() throws IOException {
        return body.readAllBytes();
    }

    /**
     * Streams the body through the multipart parser; part bodies are kept unless the server drains, and hashed
     * unless it records no digests.
     */
    public List<MultipartPart> multipart(String boundary) throws IOException, MultipartFormatException {
        return MultipartParser.parse(body, boundary, !drainBodies, hashParts);
    }

    /**
     * Like {@link #multipart}, but part bodies are kept also when the server drains: for a vendor that must give the
     * file back later (Phrase Language AI), while the raw body is still not kept for the request records.
     */
    public List<MultipartPart> multipartWithPartBodies(String boundary) throws IOException, MultipartFormatException {
        return MultipartParser.parse(body, boundary, true, hashParts);
    }

    /** An application/x-www-form-urlencoded body as a map (first value of each name wins). */
    public Map<String, String> form() throws IOException {
        Map<String, String> form = new LinkedHashMap<>();
        String text = new String(readBody(), StandardCharsets.US_ASCII);
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.putIfAbsent(name, value);
        }
        return form;
    }

    /**
     * The file part this request uploads, once the vendor's checks have found exactly one: file-name markers and the
     * size limit look at it ({@link UploadChecks#singleFilePart} sets it; a vendor with other parts beside the file
     * sets it itself).
     */
    public void upload(MultipartPart part) {
        this.upload = part;
    }

    public Optional<MultipartPart> upload() {
        return Optional.ofNullable(upload);
    }

    /** Records a contract violation; the server lists it with the method and path. */
    public void violation(String message) {
        violations.add(method + " " + path + ": " + message);
    }

    public List<String> violations() {
        return List.copyOf(violations);
    }

    /**
     * The client closed the connection before the end of the body it declared. Any HTTP server then has no request
     * to act on, and a client may do this on purpose (filebridge withholds the last block of an upload it must not
     * complete), so it is recorded as abandoned, not as a contract violation.
     */
    static final class ClientAbandoned extends IOException {
        ClientAbandoned(IOException cause) {
            super("the client abandoned the request before the end of its body (" + cause.getMessage() + ")", cause);
        }
    }

    /** Reads what the handler left unread, so that the size covers the whole body and the connection stays usable. */
    void finishBody() throws IOException {
        body.transferTo(OutputStream.nullOutputStream());
    }

    /** From now on the body is read at most this fast (the {@link ScriptedFault.ReadSlowly} fault). */
    void throttle(long bytesPerSecond) {
        body.throttle(bytesPerSecond);
    }

    RecordedRequest toRecord(int status, String fault) {
        return new RecordedRequest(method, path, query, headers, arrivedAt, body.size,
                body.kept == null ? null : body.kept.toByteArray(), violations(), status, fault);
    }

    /**
     * Counts everything read through it; keeps a copy only when asked. It does not hash: what tests compare is the
     * file part's SHA-256 ({@link MultipartPart#sha256()}), and a second digest of the whole body would double the
     * hashing, which is what limits how fast an emulator takes a large upload.
     */
    private static final class BodyStream extends FilterInputStream {

        private final ByteArrayOutputStream kept;
        private long size;
        private long bytesPerSecond;
        private long throttledSince;
        private long throttledBytes;

        BodyStream(InputStream in, boolean keep) {
            super(in);
            this.kept = keep ? new ByteArrayOutputStream() : null;
        }

        @Override
        public int read() throws IOException {
            int b = readOrAbandoned(() -> super.read());
            if (b >= 0) {
                seen(new byte[] {(byte) b}, 0, 1);
                pace(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            // a throttled read takes a twentieth of a second's worth at most, so the pace stays even
            int n = readOrAbandoned(() -> super.read(buffer, offset,
                    bytesPerSecond == 0 ? length : (int) Math.min(length, Math.max(1, bytesPerSecond / 20))));
            if (n > 0) {
                seen(buffer, offset, n);
                pace(n);
            }
            return n;
        }

        /** The JDK server fails a read when the connection ends before the declared length (EOF or reset). */
        private static int readOrAbandoned(Read read) throws IOException {
            try {
                return read.read();
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                throw new ClientAbandoned(e);
            }
        }

        @FunctionalInterface
        private interface Read {
            int read() throws IOException;
        }

        void throttle(long bytesPerSecond) {
            this.bytesPerSecond = bytesPerSecond;
            this.throttledSince = System.nanoTime();
            this.throttledBytes = 0;
        }

        /** Holds the reading thread until the bytes read since {@link #throttle} fit the rate. */
        private void pace(int bytes) throws IOException {
            if (bytesPerSecond == 0) {
                return;
            }
            throttledBytes += bytes;
            long due = throttledSince + throttledBytes * 1_000_000_000L / bytesPerSecond;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("server stopping");
                }
            }
        }

        @Override
        public long skip(long n) throws IOException {
            return Math.max(0, read(new byte[(int) Math.min(n, 8192)]));
        }

        private void seen(byte[] buffer, int offset, int length) {
            size += length;
            if (kept != null) {
                kept.write(buffer, offset, length);
            }
        }
    }
}
