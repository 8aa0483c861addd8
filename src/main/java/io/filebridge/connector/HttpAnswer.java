package io.filebridge.connector;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A vendor's answer: status, headers (case-insensitive) and the body text, capped in size by the transport. */
public record HttpAnswer(int status, Map<String, String> headers, String body) {

    public HttpAnswer {
        var caseInsensitive = new TreeMap<String, String>(String.CASE_INSENSITIVE_ORDER);
        caseInsensitive.putAll(headers);
        headers = java.util.Collections.unmodifiableMap(caseInsensitive);
        body = body == null ? "" : body;
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    /** The body as an error report shows it when it is not in a format the vendor documents: trimmed, at most 500 chars. */
    public String bodyExcerpt() {
        String raw = body.strip();
        return raw.length() > 500 ? raw.substring(0, 500) + "..." : raw;
    }
}
