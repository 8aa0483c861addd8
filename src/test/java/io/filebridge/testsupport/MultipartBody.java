package io.filebridge.testsupport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds multipart bodies byte by byte, including the malformed ones a contract server must catch. */
public final class MultipartBody {

    public static final String BOUNDARY = "----testBoundary7MA4YWxkTrZu0gW";

    private final List<byte[]> parts = new ArrayList<>();

    /** {@code disposition} is written as is after "Content-Disposition: ", as raw UTF-8. */
    public MultipartBody part(String disposition, String contentType, byte[] body) {
        ByteArrayOutputStream part = new ByteArrayOutputStream();
        write(part, "--" + BOUNDARY + "\r\nContent-Disposition: " + disposition + "\r\n");
        if (contentType != null) {
            write(part, "Content-Type: " + contentType + "\r\n");
        }
        write(part, "\r\n");
        part.writeBytes(body);
        write(part, "\r\n");
        parts.add(part.toByteArray());
        return this;
    }

    public MultipartBody file(String name, String filename, String contentType, byte[] body) {
        return part("form-data; name=\"" + name + "\"; filename=\"" + filename + "\"", contentType, body);
    }

    public MultipartBody field(String name, String value) {
        return part("form-data; name=\"" + name + "\"", null, value.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] bytes() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        parts.forEach(body::writeBytes);
        write(body, "--" + BOUNDARY + "--\r\n");
        return body.toByteArray();
    }

    public static String contentType() {
        return "multipart/form-data; boundary=" + BOUNDARY;
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
