package io.filebridge.sandbox.sendcloud;

import static io.filebridge.sandbox.emulator.UploadChecks.basicCredentials;
import static io.filebridge.sandbox.emulator.UploadChecks.hasScheme;
import static io.filebridge.sandbox.emulator.UploadChecks.json;
import static io.filebridge.sandbox.emulator.UploadChecks.quoted;

import io.filebridge.sandbox.emulator.EmulatorRequest;
import io.filebridge.sandbox.emulator.EmulatorResponse;
import io.filebridge.sandbox.emulator.EmulatorServer;
import io.filebridge.sandbox.emulator.HeaderValue;
import io.filebridge.sandbox.emulator.MultipartPart;
import io.filebridge.sandbox.emulator.PerKeyRateLimit;
import io.filebridge.sandbox.emulator.Records;
import io.filebridge.sandbox.emulator.UploadChecks;
import io.filebridge.sandbox.emulator.UploadChecks.FilePart;
import io.filebridge.sandbox.sendcloud.SendcloudUpload.AuthKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sendcloud's Support API upload ({@code POST /api/v3/dsf/files}) and OAuth2 token endpoint, checked strictly.
 * Point filebridge's Sendcloud base URL at {@link #apiBaseUrl()} and its token URL at {@link #tokenUrl()}.
 *
 * <p>Malformed requests (missing or malformed Authorization, wrong Content-Type, a charset parameter, parts other
 * than exactly one {@code file} part with a file name and a Content-Type) are {@link #violations()} and get
 * Sendcloud's documented 400 (no {@code file} part) or 422 ({@code file} is not a file), else 400 naming the
 * violations. Well-formed but wrong credentials, and unknown, expired or revoked tokens, are not violations: they get
 * 401 and are listed in {@link #authFailures()}, since a client cannot always avoid them. Scripted faults apply to
 * uploads only. With {@link #uploadsPerMinute} set, the 31st upload of a credential within a minute gets the
 * documented 429 (Sendcloud does not say whether its limit is per key or per account; this counts per credential).
 */
public final class SendcloudEmulator extends EmulatorServer {

    public static final String UPLOAD_PATH = "/api/v3/dsf/files";
    public static final String TOKEN_PATH = "/oauth2/token";
    public static final String PUBLIC_KEY = "test-public-key";
    public static final String SECRET_KEY = "test-secret-key";
    public static final String CLIENT_ID = "test-client-id";
    public static final String CLIENT_SECRET = "test-client-secret";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String publicKey;
    private final String secretKey;
    private final String clientId;
    private final String clientSecret;
    private final Map<String, Instant> tokenExpiry = new ConcurrentHashMap<>();
    private final Set<String> revokedTokens = ConcurrentHashMap.newKeySet();
    private final List<String> issuedTokens = new CopyOnWriteArrayList<>();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private volatile Records<SendcloudUpload> uploads = Records.unbounded();
    private final List<String> authFailures = new CopyOnWriteArrayList<>();
    private volatile Duration tokenExpiresIn = Duration.ofHours(1);
    private volatile PerKeyRateLimit uploadLimit;

    /** With the credentials in this class's constants. */
    public SendcloudEmulator() {
        this(PUBLIC_KEY, SECRET_KEY, CLIENT_ID, CLIENT_SECRET);
    }

    public SendcloudEmulator(String publicKey, String secretKey, String clientId, String clientSecret) {
        this.publicKey = publicKey;
        this.secretKey = secretKey;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        routeWithFaults("POST", UPLOAD_PATH, this::upload);
        route("POST", TOKEN_PATH, this::token);
        // the docs' curl has no trailing slash, the OpenAPI security scheme has one
        route("POST", TOKEN_PATH + "/", this::token);
    }

    @Override
    public SendcloudEmulator start() {
        super.start();
        return this;
    }

    @Override
    public SendcloudEmulator drainBodies(boolean drain) {
        super.drainBodies(drain);
        return this;
    }

    /** Sendcloud answers with a file token, not a hash: without digests an upload's {@code sha256} is null. */
    @Override
    public SendcloudEmulator recordDigests(boolean record) {
        super.recordDigests(record);
        return this;
    }

    @Override
    public SendcloudEmulator keepLast(int count) {
        super.keepLast(count);
        uploads = new Records<>(count);
        return this;
    }

    /** What filebridge uses as the Sendcloud base URL: {@code baseUrl() + "/api/v3"}. */
    public String apiBaseUrl() {
        return baseUrl() + "/api/v3";
    }

    public String tokenUrl() {
        return baseUrl() + TOKEN_PATH;
    }

    /** Lifetime of tokens issued from now on, sent as {@code expires_in} (Sendcloud: one hour). */
    public SendcloudEmulator tokenExpiresIn(Duration lifetime) {
        this.tokenExpiresIn = lifetime;
        return this;
    }

    /** Sendcloud's server-side limit (30 a minute), counted per credential; off unless set. */
    public SendcloudEmulator uploadsPerMinute(int limit) {
        return uploadsPer(limit, Duration.ofMinutes(1));
    }

    /** As {@link #uploadsPerMinute}, in a window of another length (tests that cannot wait minutes). */
    public SendcloudEmulator uploadsPer(int limit, Duration window) {
        this.uploadLimit = new PerKeyRateLimit(limit, window, Clock.systemUTC());
        return this;
    }

    /** Tokens issued so far answer 401 on upload from now on (to test "refresh once after 401"). */
    public void revokeAllTokens() {
        revokedTokens.addAll(tokenExpiry.keySet());
    }

    /** Every access token this server has issued, oldest first, revoked and expired ones included. */
    public List<String> issuedTokens() {
        return List.copyOf(issuedTokens);
    }

    /** Requests that reached the token endpoint, good or bad. */
    public int tokenRequests() {
        return tokenRequests.get();
    }

    /** Accepted uploads, oldest first. */
    public List<SendcloudUpload> uploads() {
        return uploads.oldestFirst();
    }

    public List<String> authFailures() {
        return List.copyOf(authFailures);
    }

    /** Upload requests (every attempt, faulted and rejected ones too) that arrived within any window this long. */
    public int maxUploadAttemptsWithin(Duration window) {
        return maxRequestsWithin(window, r -> r.method().equals("POST") && r.path().equals(UPLOAD_PATH));
    }

    /** Sendcloud's documented error envelope {@code {"errors":[{"code","detail","title","status"}]}}. */
    public static String sendcloudError(int status, String code, String detail, String title) {
        return SendcloudErrors.envelope(status, code, detail, title);
    }

    /** Scripts the next upload to fail with Sendcloud's envelope. */
    public void respondSendcloudError(int status, String code, String detail, String title) {
        respond(status, Map.of(), sendcloudError(status, code, detail, title));
    }

    /** The documented 429; Sendcloud does not document Retry-After, so pass null to leave it out. */
    public void respondRateLimited(Duration retryAfter) {
        EmulatorResponse limited = error(429, null);
        respond(429, retryAfter == null ? Map.of() : Map.of("Retry-After", Long.toString(retryAfter.toSeconds())),
                new String(limited.body(), StandardCharsets.UTF_8));
    }

    @Override
    public EmulatorResponse error(int status, String detail) {
        PerKeyRateLimit limit = uploadLimit;
        return SendcloudErrors.error(status, detail, limit == null ? 30 : limit.limit());
    }

    private EmulatorResponse upload(EmulatorRequest request) throws IOException {
        Optional<Caller> caller = checkUploadAuthorization(request);
        FilePart file = UploadChecks.singleFilePart(request, "file");
        if (caller.isEmpty()) {
            return error(401, null);
        }
        if (!request.violations().isEmpty()) {
            return switch (file.field()) {
                case MISSING -> error(400, SendcloudErrors.FILE_MISSING);
                case TEXT -> error(422, SendcloudErrors.NOT_A_FILE);
                case FILE -> answerToViolations(request);
            };
        }
        PerKeyRateLimit limit = uploadLimit;
        if (limit != null && !limit.tryAcquire(caller.get().rateLimitKey())) {
            return error(429, null);
        }
        MultipartPart part = file.part().orElseThrow();
        String fileToken = UUID.randomUUID() + "-"
                + HexFormat.of().formatHex(part.contentType().getBytes(StandardCharsets.UTF_8));
        SendcloudUpload upload = new SendcloudUpload(part.filename(), part.contentType(), part.size(), part.sha256(),
                caller.get().kind(), request.arrivedAt(), fileToken, Instant.now()); // the body is read by now
        return EmulatorResponse.json(201, json(Map.of("file_token", fileToken))).onCommit(() -> uploads.add(upload));
    }

    /** How the caller authenticated, and what its uploads are counted under for the rate limit. */
    private record Caller(AuthKind kind, String rateLimitKey) {
    }

    private Optional<Caller> checkUploadAuthorization(EmulatorRequest request) {
        Optional<String> header = UploadChecks.singleAuthorization(request, "Sendcloud needs Basic or Bearer");
        if (header.isEmpty()) {
            return Optional.empty();
        }
        Optional<String[]> basic = basicCredentials(request, header.get());
        if (basic.isPresent()) {
            String[] credentials = basic.get();
            if (credentials[0].equals(publicKey) && credentials[1].equals(secretKey)) {
                return Optional.of(new Caller(AuthKind.BASIC, "key:" + credentials[0]));
            }
            authFailures.add("upload with Basic credentials of public key '" + credentials[0]
                    + "' that do not match the configured public/secret key");
            return Optional.empty();
        }
        if (hasScheme(header.get(), "Bearer")) {
            return bearerToken(request, header.get().substring("Bearer ".length()).trim())
                    .map(kind -> new Caller(kind, "client:" + clientId));
        }
        if (!hasScheme(header.get(), "Basic")) {
            request.violation("Authorization scheme is neither Basic nor Bearer: " + header.get().split(" ", 2)[0]);
        }
        return Optional.empty();
    }

    private Optional<AuthKind> bearerToken(EmulatorRequest request, String token) {
        if (token.isEmpty()) {
            request.violation("empty Bearer token");
            return Optional.empty();
        }
        Instant expiry = tokenExpiry.get(token);
        String problem = expiry == null ? "a bearer token this server never issued"
                : revokedTokens.contains(token) ? "a revoked bearer token"
                : !Instant.now().isBefore(expiry) ? "an expired bearer token"
                : null;
        if (problem != null) {
            authFailures.add("upload with " + problem);
            return Optional.empty();
        }
        return Optional.of(AuthKind.BEARER);
    }

    private EmulatorResponse token(EmulatorRequest request) throws IOException {
        tokenRequests.incrementAndGet();
        Optional<String> contentType = request.header("Content-Type");
        if (contentType.isEmpty() || !HeaderValue.parse(contentType.get()).is("application/x-www-form-urlencoded")) {
            request.violation("token request Content-Type is " + contentType.orElse("missing")
                    + ", expected application/x-www-form-urlencoded");
            return SendcloudErrors.oauth(400, "invalid_request");
        }
        Map<String, String> form = request.form();
        if (form.containsKey("client_secret")) {
            request.violation("client_secret sent in the form; Sendcloud takes client credentials via HTTP Basic");
        }
        Optional<String[]> client = request.header("Authorization").flatMap(h -> basicCredentials(request, h));
        if (client.isEmpty()) {
            if (request.header("Authorization").filter(h -> hasScheme(h, "Basic")).isEmpty()) {
                request.violation("token request without HTTP Basic client credentials");
            }
            return SendcloudErrors.oauth(401, "invalid_client");
        }
        if (!client.get()[0].equals(clientId) || !client.get()[1].equals(clientSecret)) {
            authFailures.add("token request for unknown client '" + client.get()[0] + "' or wrong client secret");
            return SendcloudErrors.oauth(401, "invalid_client");
        }
        String grantType = form.get("grant_type");
        if (!"client_credentials".equals(grantType)) {
            request.violation("grant_type is " + quoted(grantType) + ", expected client_credentials");
            return SendcloudErrors.oauth(400, grantType == null ? "invalid_request" : "unsupported_grant_type");
        }
        String scope = form.get("scope");
        if (scope != null && !scope.equals("api")) {
            request.violation("scope is " + quoted(scope) + ", Sendcloud's only scope is api");
            return SendcloudErrors.oauth(400, "invalid_scope");
        }
        if (!request.violations().isEmpty()) {
            return SendcloudErrors.oauth(400, "invalid_request");
        }
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String token = "ory_at_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Duration lifetime = tokenExpiresIn;
        tokenExpiry.put(token, Instant.now().plus(lifetime));
        issuedTokens.add(token);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token);
        body.put("expires_in", lifetime.toSeconds());
        body.put("scope", "api");
        body.put("token_type", "bearer");
        return EmulatorResponse.json(200, json(body)).withHeader("Cache-Control", "no-store");
    }
}
