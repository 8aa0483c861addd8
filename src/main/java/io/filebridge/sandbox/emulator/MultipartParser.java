package io.filebridge.sandbox.emulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small streaming multipart/form-data parser for tests (RFC 7578 / RFC 2046). Part headers are read as UTF-8,
 * which is how browsers and most clients send non-ASCII file names. Part bodies are counted and hashed on the fly;
 * they are kept only if asked, so multi-gigabyte uploads can be checked with a small heap.
 */
public final class MultipartParser {

    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final int MAX_PARTS = 1000;
    private static final String BOUNDARY_CHARS =
            "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ";

    private final ByteScanner in;
    private final byte[] delimiter;
    private final boolean keepBodies;

    private MultipartParser(InputStream in, String boundary, boolean keepBodies) {
        this.in = new ByteScanner(in);
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        this.keepBodies = keepBodies;
    }

    /** Reads up to and including the close delimiter; the epilogue, if any, is left in the stream. */
    public static List<MultipartPart> parse(InputStream body, String boundary, boolean keepBodies)
            throws IOException, MultipartFormatException {
        checkBoundary(boundary);
        return new MultipartParser(body, boundary, keepBodies).parts();
    }

    /** RFC 2046 section 5.1.1; also what makes the delimiter search below correct (no CR inside a boundary). */
    static void checkBoundary(String boundary) throws MultipartFormatException {
        if (boundary.isEmpty() || boundary.length() > 70 || boundary.endsWith(" ")
                || !boundary.chars().allMatch(c -> BOUNDARY_CHARS.indexOf(c) >= 0)) {
            throw new MultipartFormatException("invalid boundary \"" + boundary + "\" (RFC 2046: 1 to 70 characters"
                    + " from a restricted set, not ending in a space)");
        }
    }

    private List<MultipartPart> parts() throws IOException, MultipartFormatException {
        // The first delimiter may come without the CRLF that precedes the others: pretend it was there.
        if (!in.copyUntil(delimiter, 2, new PartSink(false))) {
            throw new MultipartFormatException("no opening boundary line \"--" + boundaryText() + "\"");
        }
        List<MultipartPart> parts = new ArrayList<>();
        while (!afterDelimiterIsClose()) {
            Map<String, List<String>> headers = readHeaders();
            PartSink sink = new PartSink(keepBodies);
            if (!in.copyUntil(delimiter, 0, sink)) {
                throw new MultipartFormatException("body ended inside part " + (parts.size() + 1)
                        + " (no closing boundary \"--" + boundaryText() + "--\")");
            }
            parts.add(toPart(headers, sink));
            if (parts.size() > MAX_PARTS) {
                throw new MultipartFormatException("more than " + MAX_PARTS + " parts");
            }
        }
        return parts;
    }

    private boolean afterDelimiterIsClose() throws IOException, MultipartFormatException {
        int b = in.read();
        if (b == '-') {
            if (in.read() == '-') {
                return true;
            }
            throw new MultipartFormatException("boundary followed by a single '-'");
        }
        while (b == ' ' || b == '\t') {
            b = in.read();
        }
        if (b == '\r' && in.read() == '\n') {
            return false;
        }
        throw new MultipartFormatException(b < 0 ? "body ended right after a boundary (missing close delimiter)"
                : "boundary line not followed by CRLF");
    }

    private Map<String, List<String>> readHeaders() throws IOException, MultipartFormatException {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        int total = 0;
        while (true) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new MultipartFormatException("body ended inside part headers");
                }
                if (++total > MAX_HEADER_BYTES) {
                    throw new MultipartFormatException("part headers longer than " + MAX_HEADER_BYTES + " bytes");
                }
                line.write(b);
            }
            byte[] bytes = line.toByteArray();
            if (bytes.length == 0 || bytes[bytes.length - 1] != '\r') {
                throw new MultipartFormatException("part header line not terminated by CRLF");
            }
            if (bytes.length == 1) {
                return headers;
            }
            String text = utf8(bytes, bytes.length - 1);
            int colon = text.indexOf(':');
            if (colon <= 0) {
                throw new MultipartFormatException("part header line without a name: " + text);
            }
            headers.computeIfAbsent(text.substring(0, colon).trim(), k -> new ArrayList<>())
                    .add(text.substring(colon + 1).trim());
        }
    }

    private static String utf8(byte[] bytes, int length) throws MultipartFormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MultipartFormatException("part header is not valid UTF-8: "
                    + new String(bytes, 0, length, StandardCharsets.ISO_8859_1));
        }
    }

    private static MultipartPart toPart(Map<String, List<String>> headers, PartSink sink)
            throws MultipartFormatException {
        List<String> dispositions = headers.get("Content-Disposition");
        if (dispositions == null || dispositions.size() != 1) {
            throw new MultipartFormatException("a part needs exactly one Content-Disposition header, got "
                    + (dispositions == null ? 0 : dispositions.size()));
        }
        HeaderValue disposition = HeaderValue.parse(dispositions.get(0));
        String name = disposition.param("name").orElse(null);
        String filename = disposition.param("filename").orElse(null);
        String extended = disposition.param("filename*").orElse(null);
        if (extended != null) {
            filename = HeaderValue.decodeExtendedValue(extended);
        }
        List<String> contentTypes = headers.get("Content-Type");
        String contentType = contentTypes == null || contentTypes.isEmpty() ? null : contentTypes.get(0);
        return new MultipartPart(Collections.unmodifiableMap(headers), disposition.value(), name, filename,
                contentType, sink.size(), sink.sha256(), sink.body());
    }

    private String boundaryText() {
        return new String(delimiter, 4, delimiter.length - 4, StandardCharsets.US_ASCII);
    }

    /** Byte-at-a-time reading over its own buffer: simple, and fast enough for gigabytes in a test. */
    private static final class ByteScanner {

        private final InputStream in;
        private final byte[] buffer = new byte[64 * 1024];
        private int position;
        private int limit;

        ByteScanner(InputStream in) {
            this.in = in;
        }

        int read() throws IOException {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return -1;
                }
            }
            return buffer[position++] & 0xff;
        }

        /**
         * Copies bytes to the sink until the delimiter has been read; false at end of stream. A mismatch may
         * restart a match only at the delimiter's first byte (CR), which occurs nowhere else in it, so the
         * bytes matched so far can be flushed without backtracking.
         */
        boolean copyUntil(byte[] delimiter, int alreadyMatched, PartSink sink) throws IOException {
            int matched = alreadyMatched;
            while (true) {
                int b = read();
                if (b < 0) {
                    return false;
                }
                if (b == (delimiter[matched] & 0xff)) {
                    if (++matched == delimiter.length) {
                        return true;
                    }
                    continue;
                }
                if (matched > 0) {
                    sink.write(delimiter, matched);
                    matched = 0;
                    if (b == (delimiter[0] & 0xff)) {
                        matched = 1;
                        continue;
                    }
                }
                sink.write(b);
            }
        }
    }

    private static final class PartSink {

        private final MessageDigest digest = sha256Digest();
        private final ByteArrayOutputStream kept;
        private final byte[] pending = new byte[8192];
        private int pendingLength;
        private long size;

        PartSink(boolean keep) {
            kept = keep ? new ByteArrayOutputStream() : null;
        }

        void write(int b) {
            if (pendingLength == pending.length) {
                flush();
            }
            pending[pendingLength++] = (byte) b;
        }

        void write(byte[] bytes, int length) {
            for (int i = 0; i < length; i++) {
                write(bytes[i]);
            }
        }

        long size() {
            flush();
            return size;
        }

        String sha256() {
            flush();
            return HexFormat.of().formatHex(digest.digest());
        }

        byte[] body() {
            flush();
            return kept == null ? null : kept.toByteArray();
        }

        private void flush() {
            digest.update(pending, 0, pendingLength);
            if (kept != null) {
                kept.write(pending, 0, pendingLength);
            }
            size += pendingLength;
            pendingLength = 0;
        }
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
