package io.filebridge.sandbox.emulator;

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
import java.util.LinkedHashMap;
import java.util.List;
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
 * A loopback HTTP server that plays a vendor API, for the sandbox profile and for the product's tests alike: it checks
 * each request against the vendor's contract, records requests and violations, and can misbehave on cue (scripted
 * faults, or in the sandbox file-name markers, which become the same faults). Subclasses register the vendor's routes
 * and give the vendor's error body for a status.
 *
 * <p>Why a JDK {@link HttpServer} of its own rather than Spring MVC controllers or WireMock: faults such as "stop
 * reading the body", "read it slowly", "drop the connection" or "trickle the answer" need the raw exchange, which
 * servlet containers hide; and token issue, job polling and callbacks are stateful flows that stub mappings do not
 * express. Its own port also keeps the emulators out of the operator login of the main port by construction.
 *
 * <p>Every request is read to the end before it is answered, also when a fault is served, so clients see the
 * scripted answer rather than a broken pipe.
 */
public abstract class EmulatorServer implements AutoCloseable {

    /** Handles one request of a route; record problems with {@link EmulatorRequest#violation(String)}. */
    @FunctionalInterface
    protected interface Handler {
        EmulatorResponse handle(EmulatorRequest request) throws IOException;
    }

    /** {@code under}: the route also takes every path below {@code path} ({@code path + "/..."}). */
    private record Route(String method, String path, boolean under, boolean scriptedFaults, Handler handler) {

        boolean matches(String requestPath) {
            return path.equals(requestPath) || under && requestPath.startsWith(path + "/");
        }
    }

    static {
        // The JDK server leaves Nagle's algorithm on: it writes an answer's headers and body separately, so the body
        // waits for the client's delayed ACK of the headers, ~40 ms per request on Linux loopback. That made the
        // emulator, not the client, the limit of every throughput test (170 files/s with 8 in flight). Vendors'
        // front ends send at once (TCP_NODELAY), as must their stand-in. Read once, when the first server starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static final AtomicInteger SERVER_NUMBER = new AtomicInteger();

    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private volatile Records<RecordedRequest> requests = Records.unbounded();
    private volatile Records<String> violations = Records.unbounded();
    private final Queue<ScriptedFault> faults = new ConcurrentLinkedQueue<>();
    private volatile boolean drainBodies;
    private volatile boolean recordDigests = true;
    /** Null unless {@link #serveFileNameMarkers()}: tests script their faults, the sandbox reads them from names. */
    private volatile FileNameMarkers markers;
    private volatile long maxUploadBytes;
    private HttpServer server;
    private ExecutorService executor;
    private final ScheduledExecutorService delayedAnswers = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "contract-server-delays");
        thread.setDaemon(true);
        return thread;
    });

    /** Binds 127.0.0.1 on a free port. */
    public EmulatorServer start() {
        return start(0);
    }

    /** Binds 127.0.0.1 on this port (0: a free one). */
    public EmulatorServer start(int port) {
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
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind 127.0.0.1:" + port, e);
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
     * Draining mode: bodies and multipart part bodies are counted (parts also hashed, see {@link #recordDigests}) but
     * not kept, so memory stays flat for multi-gigabyte uploads. Off by default.
     */
    public EmulatorServer drainBodies(boolean drain) {
        this.drainBodies = drain;
        return this;
    }

    /**
     * Off: multipart parts are counted but not hashed, and their {@link MultipartPart#sha256()} is null. For a
     * throughput benchmark, where SHA-256 (about 900 MiB/s on a build machine) rather than the client would set the
     * rate. On by default. Protected: only a vendor whose answers do not carry the hash may offer it.
     */
    protected EmulatorServer recordDigests(boolean record) {
        this.recordDigests = record;
        return this;
    }

    /**
     * Keeps only the newest {@code count} requests and violations (and, in the vendors, uploads), for an emulator
     * that runs for days; by default everything is kept, as a test wants.
     */
    public EmulatorServer keepLast(int count) {
        this.requests = new Records<>(count);
        this.violations = new Records<>(count);
        return this;
    }

    /**
     * Serves the faults named in uploaded file names ({@link FileNameMarkers}): each becomes a
     * {@link ScriptedFault.Respond} with the vendor's error body, on the same path as a scripted fault.
     */
    public EmulatorServer serveFileNameMarkers() {
        this.markers = new FileNameMarkers();
        return this;
    }

    /** Uploads whose file part is larger are answered with the vendor's 413 (0: no limit, the default). */
    public EmulatorServer maxUploadSize(long bytes) {
        this.maxUploadBytes = bytes;
        return this;
    }

    /** Every request, in the order they were answered; faulted and violating ones included. */
    public List<RecordedRequest> requests() {
        return requests.oldestFirst();
    }

    /** Readable messages, each starting with the request's method and path. */
    public List<String> violations() {
        return violations.oldestFirst();
    }

    /** Forgets what was recorded and the used one-shot markers; scripted faults still pending stay. */
    public void forgetRecords() {
        requests.clear();
        violations.clear();
        if (markers != null) {
            markers.reset();
        }
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
        return maxInAnyWindow(requests().stream().filter(which).map(RecordedRequest::arrivedAt).toList(), window);
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
     * reads them from {@link EmulatorRequest#path()}. Exact routes are tried first.
     */
    protected final void routeUnderWithFaults(String method, String prefix, Handler handler) {
        routes.add(new Route(method, prefix, true, true, handler));
    }

    /**
     * The vendor's error answer for this status, in its envelope; {@code detail} null: the vendor's usual text for it.
     * Scripted errors, file-name markers and the size limit answer with it.
     */
    public abstract EmulatorResponse error(int status, String detail);

    /** How the vendor answers a request that breaks its contract; the request's violations are already recorded. */
    protected EmulatorResponse answerToViolations(EmulatorRequest request) {
        return error(400, String.join("; ", request.violations()));
    }

    private void handle(HttpExchange exchange) {
        EmulatorRequest request = new EmulatorRequest(exchange, Instant.now(), drainBodies, recordDigests);
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
            EmulatorResponse response = route != null ? route.handler().handle(request) : answerToViolations(request);
            request.finishBody();
            if (fault == null && route != null && route.scriptedFaults() && response.status() / 100 == 2) {
                fault = uploadRefusal(request).orElse(null);
            }
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
            if (abandoned(e)) {
                requests.add(request.toRecord(-1, "abandoned by the client before the end of its body"));
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

    /**
     * What the sandbox refuses an otherwise good upload with: a file-name marker's fault, or 413 over the size limit.
     * Decided after the vendor's checks, since the file name is in the body.
     */
    private Optional<ScriptedFault> uploadRefusal(EmulatorRequest request) {
        Optional<MultipartPart> upload = request.upload();
        if (upload.isEmpty()) {
            return Optional.empty();
        }
        FileNameMarkers fileNameMarkers = markers;
        Optional<FileNameMarkers.InjectedFault> marker = fileNameMarkers == null ? Optional.empty()
                : fileNameMarkers.faultFor(upload.get().filename());
        if (marker.isPresent()) {
            EmulatorResponse error = error(marker.get().status(), null);
            Map<String, String> headers = new LinkedHashMap<>(error.headers());
            marker.get().retryAfter().ifPresent(delay -> headers.put("Retry-After", Long.toString(delay.toSeconds())));
            return Optional.of(new ScriptedFault.Respond(error.status(), headers, error.body()));
        }
        if (maxUploadBytes > 0 && upload.get().size() > maxUploadBytes) {
            EmulatorResponse tooLarge = error(413, null);
            return Optional.of(new ScriptedFault.Respond(413, tooLarge.headers(), tooLarge.body()));
        }
        return Optional.empty();
    }

    private static boolean abandoned(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof EmulatorRequest.ClientAbandoned) {
                return true;
            }
        }
        return false;
    }

    private void failed(HttpExchange exchange, EmulatorRequest request, Exception e) {
        request.violation("request could not be read or handled: " + e);
        violations.addAll(request.violations());
        requests.add(request.toRecord(500, null));
        sendQuietly(exchange, EmulatorResponse.json(500, "{}"));
    }

    /** Records the request unanswered and leaves its connection open; {@link #close()} closes it. */
    private void neverAnswer(EmulatorRequest request, ScriptedFault fault) {
        violations.addAll(request.violations());
        requests.add(request.toRecord(-1, fault.toString()));
    }

    /**
     * Commits the response (its effect happens, as at a vendor that did the work but answers slowly), sends the
     * headers with the full Content-Length, then one body byte per {@code perByte} from the scheduler, until the body
     * is out or the client is gone.
     */
    private void trickle(HttpExchange exchange, EmulatorRequest request, EmulatorResponse response,
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

    private Route routeFor(EmulatorRequest request) {
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

    private void answer(HttpExchange exchange, EmulatorRequest request, EmulatorResponse response,
            ScriptedFault fault) {
        violations.addAll(request.violations());
        if (fault instanceof ScriptedFault.DropConnection) {
            requests.add(request.toRecord(-1, fault.toString()));
            return; // closing an exchange before its response headers closes the connection
        }
        EmulatorResponse chosen = response;
        if (fault instanceof ScriptedFault.Respond scripted) {
            chosen = new EmulatorResponse(scripted.status(), scripted.headers(), scripted.body(), () -> { });
            if (scripted.body().length > 0 && scripted.headers().keySet().stream()
                    .noneMatch("Content-Type"::equalsIgnoreCase)) {
                chosen = chosen.withHeader("Content-Type", "application/json");
            }
        }
        chosen.onCommit().run();
        requests.add(request.toRecord(chosen.status(), fault == null ? null : fault.toString()));
        sendQuietly(exchange, chosen); // a client that timed out during a delay is gone: that is the test's point
    }

    private static void send(HttpExchange exchange, EmulatorResponse response) throws IOException {
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void sendQuietly(HttpExchange exchange, EmulatorResponse response) {
        try {
            send(exchange, response);
        } catch (IOException | RuntimeException alreadyAnsweredOrGone) {
            // nothing more can be told to this client
        }
    }
}
