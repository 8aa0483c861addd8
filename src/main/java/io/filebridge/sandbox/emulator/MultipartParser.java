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
 * which is how browsers and most clients send non-ASCII file names. Part bodies are counted (and hashed, if asked) on
 * the fly; they are kept only if asked, so multi-gigabyte uploads can be checked with a small heap.
 */
public final class MultipartParser {

    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final int MAX_PARTS = 1000;
    private static final String BOUNDARY_CHARS =
            "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ";

    /** More than a socket read gives at once, so that searching and copying run over whole reads. */
    private static final int BUFFER_BYTES = 128 * 1024;
    /** The CRLF before the first delimiter, which the body need not have. */
    private static final int OPENING_CRLF = 2;

    private final ByteScanner in;
    private final String boundary;
    private final DelimiterSearch delimiter;
    private final boolean keepBodies;
    private final boolean hashBodies;

    private MultipartParser(InputStream in, String boundary, boolean keepBodies, boolean hashBodies) {
        this.in = new ByteScanner(in);
        this.boundary = boundary;
        this.delimiter = new DelimiterSearch(("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII));
        this.keepBodies = keepBodies;
        this.hashBodies = hashBodies;
    }

    /**
     * Reads up to and including the close delimiter; an epilogue, if any, is not looked at. Part bodies are kept
     * and hashed only if asked ({@link MultipartPart#sha256()} is null otherwise).
     */
    public static List<MultipartPart> parse(InputStream body, String boundary, boolean keepBodies,
            boolean hashBodies) throws IOException, MultipartFormatException {
        checkBoundary(boundary);
        return new MultipartParser(body, boundary, keepBodies, hashBodies).parts();
    }

    /** RFC 2046 section 5.1.1. */
    static void checkBoundary(String boundary) throws MultipartFormatException {
        if (boundary.isEmpty() || boundary.length() > 70 || boundary.endsWith(" ")
                || !boundary.chars().allMatch(c -> BOUNDARY_CHARS.indexOf(c) >= 0)) {
            throw new MultipartFormatException("invalid boundary \"" + boundary + "\" (RFC 2046: 1 to 70 characters"
                    + " from a restricted set, not ending in a space)");
        }
    }

    private List<MultipartPart> parts() throws IOException, MultipartFormatException {
        // the first delimiter may come without the CRLF that precedes the others; a preamble is skipped unhashed
        if (!in.skipIfStartsWith(delimiter, OPENING_CRLF) && !in.copyUntil(delimiter, new PartSink(false, false))) {
            throw new MultipartFormatException("no opening boundary line \"--" + boundary + "\"");
        }
        List<MultipartPart> parts = new ArrayList<>();
        while (!afterDelimiterIsClose()) {
            Map<String, List<String>> headers = readHeaders();
            PartSink sink = new PartSink(keepBodies, hashBodies);
            if (!in.copyUntil(delimiter, sink)) {
                throw new MultipartFormatException("body ended inside part " + (parts.size() + 1)
                        + " (no closing boundary \"--" + boundary + "--\")");
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

    /** Part bodies are searched and copied in whole spans of the buffer; header lines are read byte by byte. */
    private static final class ByteScanner {

        private final InputStream in;
        private final byte[] buffer = new byte[BUFFER_BYTES];
        private int position;
        private int limit;

        ByteScanner(InputStream in) {
            this.in = in;
        }

        int read() throws IOException {
            if (position == limit && !readMore()) {
                return -1;
            }
            return buffer[position++] & 0xff;
        }

        /**
         * Whether the unread bytes start with the delimiter without its first {@code skip} bytes, which are then
         * consumed; reads as far as it takes to tell.
         */
        boolean skipIfStartsWith(DelimiterSearch delimiter, int skip) throws IOException {
            int length = delimiter.length() - skip;
            while (limit - position < length) {
                if (!readMore()) {
                    break;
                }
            }
            if (!delimiter.startsAt(buffer, position, limit, skip)) {
                return false;
            }
            position += length;
            return true;
        }

        /** Copies bytes to the sink until the delimiter has been read; false at end of stream. */
        boolean copyUntil(DelimiterSearch delimiter, PartSink sink) throws IOException {
            do {
                int found = delimiter.indexIn(buffer, position, limit);
                if (found >= 0) {
                    sink.write(buffer, position, found - position);
                    position = found + delimiter.length();
                    return true;
                }
                // the last bytes may be the start of a delimiter split across reads: they wait for the next read
                int held = Math.min(limit - position, delimiter.length() - 1);
                sink.write(buffer, position, limit - position - held);
                position = limit - held;
            } while (readMore());
            return false;
        }

        /**
         * Moves the unread bytes (fewer than a delimiter's length whenever this is called) to the front and reads
         * more after them; false at end of stream.
         */
        private boolean readMore() throws IOException {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n < 0) {
                return false;
            }
            limit += n;
            return true;
        }
    }

    /** Counts a part body; hashes and keeps it when asked. */
    private static final class PartSink {

        private final MessageDigest digest;
        private final ByteArrayOutputStream kept;
        private long size;

        PartSink(boolean keep, boolean hash) {
            this.kept = keep ? new ByteArrayOutputStream() : null;
            this.digest = hash ? sha256Digest() : null;
        }

        void write(byte[] bytes, int offset, int length) {
            if (digest != null) {
                digest.update(bytes, offset, length);
            }
            if (kept != null) {
                kept.write(bytes, offset, length);
            }
            size += length;
        }

        long size() {
            return size;
        }

        /** Null when not hashed. */
        String sha256() {
            return digest == null ? null : HexFormat.of().formatHex(digest.digest());
        }

        byte[] body() {
            return kept == null ? null : kept.toByteArray();
        }
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
