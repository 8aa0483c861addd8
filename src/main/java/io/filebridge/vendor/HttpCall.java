package io.filebridge.vendor;

import java.net.URI;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.hc.core5.http.HttpEntity;

/**
 * One HTTP request to a vendor. The body is a supplier because every attempt needs a fresh entity: a multipart body
 * streams the file from disk again instead of buffering it for replay.
 */
public record HttpCall(String method, URI uri, Map<String, String> headers, Supplier<HttpEntity> body) {

    public static HttpCall post(URI uri, Map<String, String> headers, Supplier<HttpEntity> body) {
        return new HttpCall("POST", uri, headers, body);
    }

    public static HttpCall get(URI uri, Map<String, String> headers) {
        return new HttpCall("GET", uri, headers, null);
    }

    /** A copy with one more header, e.g. the Authorization of the current attempt. */
    public HttpCall withHeader(String name, String value) {
        var copy = new java.util.LinkedHashMap<>(headers);
        copy.put(name, value);
        return new HttpCall(method, uri, Map.copyOf(copy), body);
    }
}
