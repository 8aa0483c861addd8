package io.filebridge.sandbox.emulator;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One part of a multipart/form-data body. {@code filename} is null when the part has none (a text field), and
 * {@code contentType} when the part has no Content-Type header. {@code body} is null when the server drains;
 * {@code sha256} (lower-case hex) is null when it records no digests.
 */
public record MultipartPart(
        Map<String, List<String>> headers,
        String disposition,
        String name,
        String filename,
        String contentType,
        long size,
        String sha256,
        byte[] body) {

    public String bodyText() {
        return body == null ? null : new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "part " + name + (filename == null ? "" : " filename=" + filename)
                + (contentType == null ? "" : " type=" + contentType) + " (" + size + " bytes)";
    }
}
