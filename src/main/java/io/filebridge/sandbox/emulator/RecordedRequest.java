package io.filebridge.sandbox.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request as the server saw it. {@code body} is null in draining mode; the size of the body read is always
 * there. {@code status} is what was answered, -1 when nothing was (the connection was dropped, or a scripted
 * hang); {@code fault} names the scripted fault that was served, or is null.
 */
public record RecordedRequest(
        String method,
        String path,
        String query,
        Map<String, List<String>> headers,
        Instant arrivedAt,
        long bodySize,
        byte[] body,
        List<String> violations,
        int status,
        String fault) {

    /** First value of a header; names are case-insensitive. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public String bodyText() {
        return body == null ? null : new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return method + " " + path + (query == null ? "" : "?" + query) + " -> " + status
                + (fault == null ? "" : " (" + fault + ")") + (violations.isEmpty() ? "" : " " + violations);
    }
}
