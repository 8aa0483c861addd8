package io.filebridge.connector;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.hc.core5.http.HttpEntity;
import org.springframework.stereotype.Component;

/**
 * Sends vendor requests through Camel's {@code http} component (Apache HttpClient 5), so connection pooling, timeouts,
 * proxies and TLS are configured the Camel way ({@code camel.component.http.*}). The target URL travels in the
 * {@code CamelHttpUri} header; one endpoint serves every vendor. HttpClient's own retries are switched off in
 * {@code config/application.yml}: they would silently sleep out a {@code Retry-After} behind our back. Each attempt
 * runs under the time limit of {@link AttemptDeadlines}, and a timeout comes out as an {@link AttemptTimedOut} that
 * says how far the attempt got.
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
            + "?throwExceptionOnFailure=false&followRedirects=false"
            + "&httpClientConfigurer=#" + AttemptDeadlines.BEAN;

    private final ProducerTemplate producer;
    private final AttemptDeadlines deadlines;
    private volatile ReadTimeout readTimeout;
    /** Resolved once: a URI string would be normalised and looked up in the endpoint registry on every call. */
    private volatile HttpEndpoint endpoint;

    public CamelHttpTransport(ProducerTemplate producer, AttemptDeadlines deadlines) {
        this.producer = producer;
        this.deadlines = deadlines;
    }

    /**
     * The whole attempt, from taking a pooled connection to the last byte of the answer, runs inside
     * {@code producer.send} (the answer is cached before it returns), so the attempt's time limit covers exactly that.
     */
    @Override
    public HttpAnswer send(HttpCall call) throws IOException {
        HttpEntity request = call.body() == null ? null : call.body().get();
        Exchange result;
        try (AttemptProgress attempt = deadlines.start(request)) {
            result = producer.send(endpoint(), exchange -> {
                var message = exchange.getMessage();
                message.setHeader(Exchange.HTTP_URI, withoutQuery(call));
                if (call.uri().getRawQuery() != null) {
                    message.setHeader(Exchange.HTTP_QUERY, call.uri().getRawQuery());
                }
                message.setHeader(Exchange.HTTP_METHOD, call.method());
                call.headers().forEach(message::setHeader);
                message.setBody(request == null ? null : attempt.counting(request));
            });
            if (result.getException() != null) {
                ReadTimeout read = readTimeout();
                throw attempt.explain(asIoException(result.getException()), read.value(), read.setting());
            }
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

    /** The per-read timeout HttpClient applies while a request is in flight, as the endpoint was configured. */
    private record ReadTimeout(Duration value, String setting) {
    }

    private HttpEndpoint endpoint() {
        HttpEndpoint known = endpoint;
        if (known == null) {
            known = producer.getCamelContext().getEndpoint(ENDPOINT, HttpEndpoint.class);
            endpoint = known;
        }
        return known;
    }

    private ReadTimeout readTimeout() {
        ReadTimeout known = readTimeout;
        if (known == null) {
            HttpEndpoint endpoint = endpoint();
            // HttpClient replaces the socket timeout with the response timeout for the time of a request
            known = endpoint.getResponseTimeout() > 0
                    ? new ReadTimeout(Duration.ofMillis(endpoint.getResponseTimeout()),
                            "camel.component.http.response-timeout")
                    : new ReadTimeout(Duration.ofMillis(endpoint.getSoTimeout()), "camel.component.http.so-timeout");
            readTimeout = known;
        }
        return known;
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
