package io.filebridge.vendor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends vendor requests through Camel's {@code http} component (Apache HttpClient 5), so connection pooling, timeouts,
 * proxies and TLS are configured the Camel way ({@code camel.component.http.*}). The target URL travels in the
 * {@code CamelHttpUri} header; one endpoint serves every vendor. HttpClient's own retries are switched off in
 * {@code config/application.yml}: they would silently sleep out a {@code Retry-After} behind our back.
 */
@Component
public class CamelHttpTransport implements HttpTransport {

    /** Error and receipt bodies are small; a misbehaving server cannot make us buffer more than this. */
    static final int MAX_BODY_CHARS = 64 * 1024;

    /**
     * Answers are read after the producer released the connection, so they must be cached (in memory when small,
     * spooled to disk when large: stream-caching spooling is on); a raw stream would already be closed.
     */
    private static final String ENDPOINT = "http://filebridge-vendor-call"
            + "?throwExceptionOnFailure=false&followRedirects=false";

    private final ProducerTemplate producer;

    public CamelHttpTransport(ProducerTemplate producer) {
        this.producer = producer;
    }

    @Override
    public HttpAnswer send(HttpCall call) throws IOException {
        Exchange result = producer.send(ENDPOINT, exchange -> {
            var message = exchange.getMessage();
            message.setHeader(Exchange.HTTP_URI, withoutQuery(call));
            if (call.uri().getRawQuery() != null) {
                message.setHeader(Exchange.HTTP_QUERY, call.uri().getRawQuery());
            }
            message.setHeader(Exchange.HTTP_METHOD, call.method());
            call.headers().forEach(message::setHeader);
            message.setBody(call.body() == null ? null : call.body().get());
        });
        if (result.getException() != null) {
            throw asIoException(result.getException());
        }
        var message = result.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        Map<String, String> headers = new HashMap<>();
        message.getHeaders().forEach((name, value) -> {
            if (!name.startsWith("Camel") && value != null) {
                headers.put(name, value.toString());
            }
        });
        InputStream body = message.getBody(InputStream.class);
        if (call.saveBodyTo() != null && status >= 200 && status < 300) {
            save(body, call.saveBodyTo());
            return new HttpAnswer(status, headers, "");
        }
        return new HttpAnswer(status, headers, readCapped(body));
    }

    /** Streams a download to disk; a failed copy (connection lost mid-body) is an I/O error, so it is retried. */
    private static void save(InputStream body, java.nio.file.Path target) throws IOException {
        java.nio.file.Files.createDirectories(target.toAbsolutePath().getParent());
        if (body == null) {
            java.nio.file.Files.write(target, new byte[0]);
            return;
        }
        try (body) {
            java.nio.file.Files.copy(body, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String withoutQuery(HttpCall call) {
        String uri = call.uri().toString();
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    private static String readCapped(InputStream in) throws IOException {
        if (in == null) {
            return "";
        }
        try (in) {
            byte[] bytes = in.readNBytes(MAX_BODY_CHARS);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static IOException asIoException(Exception e) {
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof IOException io) {
                return io;
            }
            cause = cause.getCause();
        }
        return new IOException(e.getMessage(), e);
    }
}
