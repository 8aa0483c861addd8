package io.filebridge.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A loopback HTTP server that plays a vendor API for product tests: it checks each request against the vendor's
 * contract, records requests and violations, and can misbehave on cue (scripted faults). Subclasses register the
 * vendor's routes and say how the vendor answers a malformed request.
 *
 * <p>Every request is read to the end before it is answered, also when a fault is served, so clients see the
 * scripted answer rather than a broken pipe.
 */
public abstract class ContractServer implements AutoCloseable {

    /** Handles one request of a route; record problems with {@link ContractRequest#violation(String)}. */
    @FunctionalInterface
    protected interface Handler {
        ContractResponse handle(ContractRequest request) throws IOException;
    }

    /** {@code under}: the route also takes every path below {@code path} ({@code path + "/..."}). */
    private record Route(String method, String path, boolean under, boolean scriptedFaults, Handler handler) {

        boolean matches(String requestPath) {
            return path.equals(requestPath) || under && requestPath.startsWith(path + "/");
        }
    }

    private static final AtomicInteger SERVER_NUMBER = new AtomicInteger();

    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Queue<ScriptedFault> faults = new ConcurrentLinkedQueue<>();
    private volatile boolean drainBodies;
    private HttpServer server;
    private ExecutorService executor;
    private final ScheduledExecutorService delayedAnswers = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "contract-server-delays");
        thread.setDaemon(true);
        return thread;
    });

    /** Binds 127.0.0.1 on a free port. */
    public ContractServer start() {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        String threadName = getClass().getSimpleName() + "-" + SERVER_NUMBER.incrementAndGet();
        executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a loopback port", e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
        return this;
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            delayedAnswers.shutdownNow();
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /**
     * Draining mode: bodies (and multipart part bodies) are counted and hashed but not kept, so memory stays flat
     * for multi-gigabyte uploads. Off by default.
     */
    public ContractServer drainBodies(boolean drain) {
        this.drainBodies = drain;
        return this;
    }

    /** Every request, in the order they were answered; faulted and violating ones included. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** Readable messages, each starting with the request's method and path. */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** The next request to a fault-enabled route gets this answer instead of the normal one. */
    public void respond(int status, Map<String, String> headers, String body) {
        fault(new ScriptedFault.Respond(status, headers, body));
    }

    /** The next request to a fault-enabled route is read, then its connection closed without an answer. */
    public void dropConnection() {
        fault(new ScriptedFault.DropConnection());
    }

    /** The next request to a fault-enabled route is answered normally, after this delay. */
    public void delay(Duration duration) {
        fault(new ScriptedFault.Delay(duration));
    }

    /** The next request to a fault-enabled route is read, then never answered (its connection stays open). */
    public void hang() {
        fault(new ScriptedFault.Hang());
    }

    /** The next request to a fault-enabled route is answered normally, its body one byte per {@code perByte}. */
    public void trickleResponse(Duration perByte) {
        fault(new ScriptedFault.TrickleResponse(perByte));
    }

    /** The next request to a fault-enabled route has its body left unread and is never answered. */
    public void stopReading() {
        fault(new ScriptedFault.StopReading());
    }

    /** The next request to a fault-enabled route has its body read at most this fast, then is answered normally. */
    public void readSlowly(long bytesPerSecond) {
        fault(new ScriptedFault.ReadSlowly(bytesPerSecond));
    }

    public void fault(ScriptedFault fault) {
        faults.add(fault);
    }

    public int pendingFaults() {
        return faults.size();
    }

    /** The largest number of matching requests that arrived within any window of this length. */
    public int maxRequestsWithin(Duration window, Predicate<RecordedRequest> which) {
        return maxInAnyWindow(requests.stream().filter(which).map(RecordedRequest::arrivedAt).toList(), window);
    }

    static int maxInAnyWindow(List<Instant> arrivals, Duration window) {
        List<Instant> sorted = new ArrayList<>(arrivals);
        sorted.sort(null);
        int best = 0;
        int first = 0;
        for (int last = 0; last < sorted.size(); last++) {
            while (Duration.between(sorted.get(first), sorted.get(last)).compareTo(window) >= 0) {
                first++;
            }
            best = Math.max(best, last - first + 1);
        }
        return best;
    }

    /** Requests to {@code path} (every attempt, faulted ones too) whose multipart body names this file. */
    public List<RecordedRequest> attemptsFor(String path, String fileName) {
        String needle = "filename=\"" + fileName + "\"";
        return requests().stream()
                .filter(r -> r.path().equals(path))
                .filter(r -> r.bodyText() != null && r.bodyText().contains(needle))
                .toList();
    }

    /** Exact method and raw path; a request to anything else is a violation. */
    protected final void route(String method, String path, Handler handler) {
        routes.add(new Route(method, path, false, false, handler));
    }

    /** Like {@link #route}, and scripted faults are served on this route. */
    protected final void routeWithFaults(String method, String path, Handler handler) {
        routes.add(new Route(method, path, false, true, handler));
    }

    /**
     * Like {@link #routeWithFaults}, for every path strictly below {@code prefix} (path parameters): the handler
     * reads them from {@link ContractRequest#path()}. Exact routes are tried first.
     */
    protected final void routeUnderWithFaults(String method, String prefix, Handler handler) {
        routes.add(new Route(method, prefix, true, true, handler));
    }

    /** How the vendor answers a request that breaks its contract; the request's violations are already recorded. */
    protected abstract ContractResponse answerToViolations(ContractRequest request);

    private void handle(HttpExchange exchange) {
        ContractRequest request = new ContractRequest(exchange, Instant.now(), drainBodies);
        boolean answeredLater = false;
        ScriptedFault fault = null;
        try {
            Route route = routeFor(request);
            fault = route != null && route.scriptedFaults() ? faults.poll() : null;
            if (fault instanceof ScriptedFault.StopReading) {
                // the body stays in the socket: once the socket buffers are full, the client's writes block
                neverAnswer(request, fault);
                answeredLater = true;
                return;
            }
            if (fault instanceof ScriptedFault.ReadSlowly slow) {
                request.throttle(slow.bytesPerSecond());
            }
            ContractResponse response = route != null ? route.handler().handle(request) : answerToViolations(request);
            request.finishBody();
            if (fault instanceof ScriptedFault.Hang) {
                neverAnswer(request, fault);
                answeredLater = true;
                return;
            }
            if (fault instanceof ScriptedFault.TrickleResponse trickle) {
                trickle(exchange, request, response, trickle.perByte());
                answeredLater = true;
                return;
            }
            if (fault instanceof ScriptedFault.Delay delay) {
                // a slow vendor: the answer goes out later from a scheduler, no thread waits for it
                delayedAnswers.schedule(() -> {
                    try {
                        answer(exchange, request, response, delay);
                    } finally {
                        exchange.close();
                    }
                }, delay.duration().toMillis(), TimeUnit.MILLISECONDS);
                answeredLater = true;
                return;
            }
            answer(exchange, request, response, fault);
        } catch (IOException e) {
            if (fault instanceof ScriptedFault.ReadSlowly) {
                // the client gave up on a server that reads this slowly: the fault's point, not a contract violation
                requests.add(request.toRecord(-1, fault + ", the client gave up"));
                return;
            }
            failed(exchange, request, e);
        } catch (RuntimeException e) {
            failed(exchange, request, e);
        } finally {
            if (!answeredLater) {
                exchange.close();
            }
        }
    }

    private void failed(HttpExchange exchange, ContractRequest request, Exception e) {
        request.violation("request could not be read or handled: " + e);
        violations.addAll(request.violations());
        requests.add(request.toRecord(500, null));
        sendQuietly(exchange, ContractResponse.json(500, "{}"));
    }

    /** Records the request unanswered and leaves its connection open; {@link #close()} closes it. */
    private void neverAnswer(ContractRequest request, ScriptedFault fault) {
        violations.addAll(request.violations());
        requests.add(request.toRecord(-1, fault.toString()));
    }

    /**
     * Commits the response (its effect happens, as at a vendor that did the work but answers slowly), sends the
     * headers with the full Content-Length, then one body byte per {@code perByte} from the scheduler, until the body
     * is out or the client is gone.
     */
    private void trickle(HttpExchange exchange, ContractRequest request, ContractResponse response,
            Duration perByte) {
        violations.addAll(request.violations());
        response.onCommit().run();
        requests.add(request.toRecord(response.status(), new ScriptedFault.TrickleResponse(perByte).toString()));
        byte[] body = response.body();
        try {
            response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        } catch (IOException clientGone) {
            exchange.close();
            return;
        }
        OutputStream out = exchange.getResponseBody();
        new Object() {
            private int next;

            void sendNextLater() {
                delayedAnswers.schedule(this::sendNext, perByte.toMillis(), TimeUnit.MILLISECONDS);
            }

            private void sendNext() {
                try {
                    if (next == body.length) {
                        exchange.close();
                        return;
                    }
                    out.write(body[next++]);
                    out.flush();
                    sendNextLater();
                } catch (IOException | RuntimeException clientGone) {
                    exchange.close();
                }
            }
        }.sendNextLater();
    }

    private Route routeFor(ContractRequest request) {
        for (Route route : routes) {
            if (route.path().equals(request.path()) && route.method().equals(request.method())) {
                return route;
            }
        }
        for (Route route : routes) {
            if (route.matches(request.path()) && route.method().equals(request.method())) {
                return route;
            }
        }
        List<String> allowed = routes.stream()
                .filter(route -> route.matches(request.path()))
                .map(Route::method)
                .distinct()
                .toList();
        request.violation(allowed.isEmpty() ? "no such endpoint"
                : "method not allowed here (expected " + String.join(" or ", allowed) + ")");
        return null;
    }

    private void answer(HttpExchange exchange, ContractRequest request, ContractResponse response,
            ScriptedFault fault) {
        violations.addAll(request.violations());
        if (fault instanceof ScriptedFault.DropConnection) {
            requests.add(request.toRecord(-1, fault.toString()));
            return; // closing an exchange before its response headers closes the connection
        }
        ContractResponse chosen = response;
        if (fault instanceof ScriptedFault.Respond scripted) {
            chosen = new ContractResponse(scripted.status(), scripted.headers(), scripted.body(), () -> { });
            if (scripted.body().length > 0 && scripted.headers().keySet().stream()
                    .noneMatch("Content-Type"::equalsIgnoreCase)) {
                chosen = chosen.withHeader("Content-Type", "application/json");
            }
        }
        chosen.onCommit().run();
        requests.add(request.toRecord(chosen.status(), fault == null ? null : fault.toString()));
        sendQuietly(exchange, chosen); // a client that timed out during a delay is gone: that is the test's point
    }

    private static void send(HttpExchange exchange, ContractResponse response) throws IOException {
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void sendQuietly(HttpExchange exchange, ContractResponse response) {
        try {
            send(exchange, response);
        } catch (IOException | RuntimeException alreadyAnsweredOrGone) {
            // nothing more can be told to this client
        }
    }

    // ---- checks and helpers that vendor servers share -------------------------------------------------------------

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * MIME types by extension, kept here independently of the product's own table, so that a wrong type (or
     * octet-stream for a well-known type) in the product shows up as a violation.
     */
    private static final Map<String, String> KNOWN_MIME_TYPES = Map.ofEntries(
            Map.entry("pdf", "application/pdf"), Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"),
            Map.entry("tif", "image/tiff"), Map.entry("tiff", "image/tiff"), Map.entry("svg", "image/svg+xml"),
            Map.entry("csv", "text/csv"), Map.entry("txt", "text/plain"), Map.entry("log", "text/plain"),
            Map.entry("html", "text/html"), Map.entry("json", "application/json"), Map.entry("xml", "application/xml"),
            Map.entry("zip", "application/zip"), Map.entry("mp4", "video/mp4"), Map.entry("stl", "model/stl"),
            Map.entry("step", "model/step"), Map.entry("md", "text/markdown"),
            Map.entry("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));

    /** The MIME type a client must send for this file name, when its extension is a well-known one. */
    public static Optional<String> expectedMimeType(String fileName) {
        int dot = fileName == null ? -1 : fileName.lastIndexOf('.');
        return dot < 0 ? Optional.empty()
                : Optional.ofNullable(KNOWN_MIME_TYPES.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT)));
    }

    /**
     * Reads a {@code multipart/form-data} body (without a charset parameter) that must hold exactly one part: a file
     * part named {@code partName} with a file name and a Content-Type. Problems become violations; the part is
     * returned when the body has exactly one.
     */
    protected static Optional<MultipartPart> singleFilePart(ContractRequest request, String partName)
            throws IOException {
        Optional<String> boundary = checkMultipartContentType(request);
        if (boundary.isEmpty()) {
            return Optional.empty();
        }
        List<MultipartPart> parts;
        try {
            parts = request.multipart(boundary.get());
        } catch (MultipartFormatException e) {
            request.violation("malformed multipart body: " + e.getMessage());
            return Optional.empty();
        }
        if (parts.size() != 1) {
            request.violation("expected exactly one part (named \"" + partName + "\"), got " + parts.size() + ": "
                    + parts);
        }
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        MultipartPart part = parts.get(0);
        if (!"form-data".equalsIgnoreCase(part.disposition())) {
            request.violation("part has Content-Disposition " + part.disposition() + ", expected form-data");
        }
        if (!partName.equals(part.name())) {
            request.violation("part is named " + quoted(part.name()) + ", expected \"" + partName + "\"");
        }
        if (part.filename() == null || part.filename().isEmpty()) {
            request.violation("part " + quoted(part.name()) + " has no filename (the vendor needs a file object)");
        }
        if (part.contentType() == null) {
            request.violation("part " + quoted(part.name()) + " has no Content-Type");
        }
        return parts.size() == 1 ? Optional.of(part) : Optional.empty();
    }

    /** The part's Content-Type must be the file extension's MIME type (vendors file data by it), not octet-stream. */
    protected static void checkMimeTypeMatchesExtension(ContractRequest request, MultipartPart part) {
        if (part.contentType() == null || part.filename() == null) {
            return;
        }
        Optional<String> expected = expectedMimeType(part.filename());
        String actual = HeaderValue.parse(part.contentType()).value();
        if (expected.isPresent() && !expected.get().equalsIgnoreCase(actual)) {
            request.violation("part " + quoted(part.name()) + " of " + quoted(part.filename()) + " has Content-Type "
                    + part.contentType() + ", expected " + expected.get());
        }
    }

    static Optional<String> checkMultipartContentType(ContractRequest request) {
        Optional<String> header = request.header("Content-Type");
        if (header.isEmpty()) {
            request.violation("no Content-Type (expected multipart/form-data; boundary=...)");
            return Optional.empty();
        }
        HeaderValue contentType = HeaderValue.parse(header.get());
        if (!contentType.is("multipart/form-data")) {
            request.violation("Content-Type is " + header.get() + ", expected multipart/form-data; boundary=...");
            return Optional.empty();
        }
        if (contentType.param("charset").isPresent()) {
            request.violation("Content-Type carries a charset parameter (" + header.get()
                    + "); send multipart/form-data; boundary=... only");
        }
        Optional<String> boundary = contentType.param("boundary");
        if (boundary.isEmpty()) {
            request.violation("Content-Type has no boundary parameter: " + header.get());
        }
        return boundary;
    }

    /** True when an Authorization header uses this scheme (case-insensitive, followed by a space). */
    protected static boolean hasScheme(String header, String scheme) {
        return header.regionMatches(true, 0, scheme + " ", 0, scheme.length() + 1);
    }

    protected static String quoted(String value) {
        return value == null ? "(none)" : "\"" + value + "\"";
    }

    protected static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
