package io.filebridge.sandbox.emulator;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.filebridge.testsupport.MultipartBody;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultipartParserTest {

    private static final String BOUNDARY = MultipartBody.BOUNDARY;

    @Test
    void readsFieldsAndFilesWithPreambleAndEpilogue() throws Exception {
        byte[] content = "line one\r\n--not-the-boundary\r\n\r--".getBytes(UTF_8);
        byte[] body = concat("preamble to ignore\r\n".getBytes(UTF_8),
                new MultipartBody().field("note", "hello").file("file", "a.pdf", "application/pdf", content).bytes(),
                "epilogue".getBytes(UTF_8));

        List<MultipartPart> parts = parse(body, true);

        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).name()).isEqualTo("note");
        assertThat(parts.get(0).filename()).isNull();
        assertThat(parts.get(0).contentType()).isNull();
        assertThat(parts.get(0).bodyText()).isEqualTo("hello");
        MultipartPart file = parts.get(1);
        assertThat(file.disposition()).isEqualTo("form-data");
        assertThat(file.name()).isEqualTo("file");
        assertThat(file.filename()).isEqualTo("a.pdf");
        assertThat(file.contentType()).isEqualTo("application/pdf");
        assertThat(file.body()).isEqualTo(content);
        assertThat(file.size()).isEqualTo(content.length);
        assertThat(file.sha256()).isEqualTo(sha256(content));
    }

    @Test
    void findsTheBoundaryWhenPartBodiesContainPrefixesOfIt() throws Exception {
        // partial delimiters, a CR right before a real CRLF, and the boundary without its leading CRLF "--"
        byte[] content = ("\r\n\r\n-\r\n--" + BOUNDARY.substring(0, 10) + "\r\r\n-" + BOUNDARY + "\r")
                .getBytes(UTF_8);

        List<MultipartPart> parts = parse(new MultipartBody().file("file", "x.bin", "application/octet-stream",
                content).bytes(), true);

        assertThat(parts).singleElement().satisfies(part -> assertThat(part.body()).isEqualTo(content));
    }

    @Test
    void keepsNearBoundariesInThePartBody() throws Exception {
        // "\r\n--" followed by something else: another boundary, this one cut short or with its last character
        // changed (what the search compares first), and a CR LF "--" right before the real delimiter
        String changedLast = BOUNDARY.substring(0, BOUNDARY.length() - 1)
                + (BOUNDARY.endsWith("W") ? "X" : "W");
        byte[] content = ("\r\n--other\r\n--" + changedLast + "\r\n--" + BOUNDARY.substring(1) + "\r\n-"
                + BOUNDARY + "\r\n--" + BOUNDARY.substring(0, BOUNDARY.length() - 1) + "\r\n--").getBytes(UTF_8);

        List<MultipartPart> parts = parse(new MultipartBody().file("file", "x.bin", "application/octet-stream",
                content).field("note", "after").bytes(), true);

        assertThat(parts).extracting(MultipartPart::name).containsExactly("file", "note");
        assertThat(parts.get(0).body()).isEqualTo(content);
        assertThat(parts.get(0).sha256()).isEqualTo(sha256(content));
        assertThat(parts.get(1).bodyText()).isEqualTo("after");
    }

    @Test
    void findsDelimitersSplitAcrossReads() throws Exception {
        byte[] content = "some content\r\n--almost\r".getBytes(UTF_8);
        byte[] body = concat("preamble\r\n".getBytes(UTF_8), new MultipartBody().field("note", "hi")
                .file("file", "x.bin", "application/octet-stream", content).bytes());

        // every place a first read can end, then the rest; and reads of a few bytes each
        for (int split = 1; split <= body.length; split++) {
            assertSameParts(parse(new Reads(body, split, Integer.MAX_VALUE), true), content, "split at " + split);
        }
        for (int chunk = 1; chunk <= 7; chunk++) {
            assertSameParts(parse(new Reads(body, chunk, chunk), true), content, "reads of " + chunk);
        }
    }

    @Test
    void findsADelimiterAcrossTheParsersBufferEdge() throws Exception {
        // the parser buffers 128 KiB: contents around that size put the delimiter across two fills of the buffer
        for (int length = 128 * 1024 - 400; length < 128 * 1024 + 100; length++) {
            byte[] content = new byte[length];
            Arrays.fill(content, (byte) '-');
            List<MultipartPart> parts = parse(new MultipartBody().file("file", "x.bin", "application/octet-stream",
                    content).bytes(), false);
            assertThat(parts).as("content of %d bytes", length).extracting(MultipartPart::size)
                    .containsExactly((long) length);
        }
    }

    @Test
    void decodesRawUtf8AndExtendedFileNames() throws Exception {
        String name = "Zpráva č. 1 – 東京 ü.pdf";
        byte[] body = new MultipartBody()
                .file("file", name, "application/pdf", new byte[] {1})
                .part("form-data; name=\"other\"; filename=\"fallback.txt\"; filename*=UTF-8''%E6%9D%B1%E4%BA%AC%20x.txt",
                        "text/plain", new byte[] {2})
                .part("form-data; name=\"quoted\"; filename=\"say \\\"hi\\\" C:\\dir\\a.txt\"", "text/plain",
                        new byte[] {3})
                .bytes();

        List<MultipartPart> parts = parse(body, true);

        assertThat(parts).extracting(MultipartPart::filename)
                .containsExactly(name, "東京 x.txt", "say \"hi\" C:\\dir\\a.txt");
    }

    @Test
    void drainingKeepsNoBodiesButCountsAndHashesUnlessToldNotTo() throws Exception {
        byte[] content = new byte[300_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }

        List<MultipartPart> parts = parse(new MultipartBody().file("file", "big.bin", "application/octet-stream",
                content).bytes(), false);

        assertThat(parts.get(0).body()).isNull();
        assertThat(parts.get(0).size()).isEqualTo(content.length);
        assertThat(parts.get(0).sha256()).isEqualTo(sha256(content));
        List<MultipartPart> unhashed = MultipartParser.parse(new ByteArrayInputStream(new MultipartBody()
                .file("file", "big.bin", "application/octet-stream", content).bytes()), BOUNDARY, false, false);
        assertThat(unhashed).extracting(MultipartPart::size, MultipartPart::sha256)
                .containsExactly(tuple((long) content.length, null));
    }

    @Test
    void rejectsBodiesThatAreNotWellFormed() {
        byte[] complete = new MultipartBody().file("file", "a.txt", "text/plain", "abc".getBytes(UTF_8)).bytes();
        byte[] truncated = new String(complete, UTF_8).replace("--" + BOUNDARY + "--\r\n", "").getBytes(UTF_8);

        assertThatThrownBy(() -> parse(truncated, true)).isInstanceOf(MultipartFormatException.class)
                .hasMessageContaining("body ended");
        assertThatThrownBy(() -> parse("no boundary here".getBytes(UTF_8), true))
                .hasMessageContaining("no opening boundary");
        assertThatThrownBy(() -> MultipartParser.parse(new ByteArrayInputStream(complete), "bad\rboundary", true,
                true))
                .hasMessageContaining("invalid boundary");
        byte[] latin1Name = concat(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"")
                .getBytes(UTF_8), new byte[] {(byte) 0xE9}, ("\"\r\n\r\nx\r\n--" + BOUNDARY + "--").getBytes(UTF_8));
        assertThatThrownBy(() -> parse(latin1Name, true)).hasMessageContaining("not valid UTF-8");
    }

    private static List<MultipartPart> parse(byte[] body, boolean keep) throws Exception {
        return parse(new ByteArrayInputStream(body), keep);
    }

    private static List<MultipartPart> parse(InputStream body, boolean keep) throws Exception {
        return MultipartParser.parse(body, BOUNDARY, keep, true);
    }

    private static void assertSameParts(List<MultipartPart> parts, byte[] content, String how) {
        assertThat(parts).as(how).extracting(MultipartPart::name).containsExactly("note", "file");
        assertThat(parts.get(0).bodyText()).as(how).isEqualTo("hi");
        assertThat(parts.get(1).body()).as(how).isEqualTo(content);
    }

    /** Gives at most {@code first} bytes on the first read and {@code then} on each later one, as a socket may. */
    private static final class Reads extends ByteArrayInputStream {

        private int next;
        private final int then;

        Reads(byte[] bytes, int first, int then) {
            super(bytes);
            this.next = first;
            this.then = then;
        }

        @Override
        public synchronized int read(byte[] buffer, int offset, int length) {
            int n = super.read(buffer, offset, Math.min(length, next));
            next = then;
            return n;
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static byte[] concat(byte[]... chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] chunk : chunks) {
            out.writeBytes(chunk);
        }
        return out.toByteArray();
    }
}
