package io.filebridge.connector;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.hc.core5.http.HttpEntity;

/**
 * One HTTP request to a vendor. The body is a supplier because every attempt needs a fresh entity: a multipart body
 * streams the file from disk again instead of buffering it for replay. When {@code saveBodyTo} is set, a successful
 * answer's body is streamed into that file instead of being read as text (downloads of any size).
 */
public record HttpCall(String method, URI uri, Map<String, String> headers, Supplier<HttpEntity> body,
        Path saveBodyTo) {

    public static HttpCall post(URI uri, Map<String, String> headers, Supplier<HttpEntity> body) {
        return new HttpCall("POST", uri, headers, body, null);
    }

    public static HttpCall get(URI uri, Map<String, String> headers) {
        return new HttpCall("GET", uri, headers, null, null);
    }

    /** A GET whose successful body goes into {@code target} (replaced on every attempt). */
    public static HttpCall download(URI uri, Map<String, String> headers, Path target) {
        return new HttpCall("GET", uri, headers, null, target);
    }

    /** A copy with one more header, e.g. the Authorization of the current attempt. */
    public HttpCall withHeader(String name, String value) {
        var copy = new java.util.LinkedHashMap<>(headers);
        copy.put(name, value);
        return new HttpCall(method, uri, Map.copyOf(copy), body, saveBodyTo);
    }
}
