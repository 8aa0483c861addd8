package io.filebridge.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
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
 * than exactly one {@code file} part with a file name and a Content-Type) are {@link #violations()} and get 400 in
 * Sendcloud's error envelope. Well-formed but wrong credentials, and unknown, expired or revoked tokens, are not
 * violations: they get 401 and are listed in {@link #authFailures()}, since a client cannot always avoid them.
 * Scripted faults apply to uploads only.
 */
public final class SendcloudContractServer extends ContractServer {

    public static final String UPLOAD_PATH = "/api/v3/dsf/files";
    public static final String TOKEN_PATH = "/oauth2/token";
    public static final String PUBLIC_KEY = "test-public-key";
    public static final String SECRET_KEY = "test-secret-key";
    public static final String CLIENT_ID = "test-client-id";
    public static final String CLIENT_SECRET = "test-client-secret";

    private static final SecureRandom RANDOM = new SecureRandom();

    public enum AuthKind { BASIC, BEARER }

    /** An upload that was answered 201. {@code fileToken} is what the receipt should carry. */
    public record Upload(String filename, String contentType, long size, String sha256, AuthKind auth,
            Instant arrivedAt, String fileToken) {
    }

    private final String publicKey;
    private final String secretKey;
    private final String clientId;
    private final String clientSecret;
    private final Map<String, Instant> tokenExpiry = new ConcurrentHashMap<>();
    private final Set<String> revokedTokens = ConcurrentHashMap.newKeySet();
    private final List<String> issuedTokens = new CopyOnWriteArrayList<>();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final List<Upload> uploads = new CopyOnWriteArrayList<>();
    private final List<String> authFailures = new CopyOnWriteArrayList<>();
    private volatile Duration tokenExpiresIn = Duration.ofHours(1);

    /** With the credentials in this class's constants. */
    public SendcloudContractServer() {
        this(PUBLIC_KEY, SECRET_KEY, CLIENT_ID, CLIENT_SECRET);
    }

    public SendcloudContractServer(String publicKey, String secretKey, String clientId, String clientSecret) {
        this.publicKey = publicKey;
        this.secretKey = secretKey;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        routeWithFaults("POST", UPLOAD_PATH, this::upload);
        route("POST", TOKEN_PATH, this::token);
    }

    @Override
    public SendcloudContractServer start() {
        super.start();
        return this;
    }

    @Override
    public SendcloudContractServer drainBodies(boolean drain) {
        super.drainBodies(drain);
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
    public SendcloudContractServer tokenExpiresIn(Duration lifetime) {
        this.tokenExpiresIn = lifetime;
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

    public List<Upload> uploads() {
        return List.copyOf(uploads);
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
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("detail", detail);
        error.put("title", title);
        error.put("status", status);
        return json(Map.of("errors", List.of(error)));
    }

    /** Scripts the next upload to fail with Sendcloud's envelope. */
    public void respondSendcloudError(int status, String code, String detail, String title) {
        respond(status, Map.of(), sendcloudError(status, code, detail, title));
    }

    /** The documented 429; Sendcloud does not document Retry-After, so pass null to leave it out. */
    public void respondRateLimited(Duration retryAfter) {
        respond(429, retryAfter == null ? Map.of() : Map.of("Retry-After", Long.toString(retryAfter.toSeconds())),
                sendcloudError(429, "hit_rate_limit", "Rate limit exceeded: 30 per 1 minute", "Rate limit exceeded"));
    }

    @Override
    protected ContractResponse answerToViolations(ContractRequest request) {
        return ContractResponse.json(400, sendcloudError(400, "bad_request",
                String.join("; ", request.violations()), "Bad Request"));
    }

    private ContractResponse upload(ContractRequest request) throws IOException {
        Optional<AuthKind> auth = checkUploadAuthorization(request);
        Optional<MultipartPart> part = singleFilePart(request, "file");
        part.ifPresent(p -> checkMimeTypeMatchesExtension(request, p));
        if (auth.isEmpty()) {
            return ContractResponse.json(401, sendcloudError(401, "unauthorized",
                    "Authentication credentials were not provided or are invalid.", "Unauthorized"));
        }
        if (!request.violations().isEmpty()) {
            return answerToViolations(request);
        }
        MultipartPart file = part.orElseThrow();
        String fileToken = UUID.randomUUID() + "-"
                + HexFormat.of().formatHex(file.contentType().getBytes(StandardCharsets.UTF_8));
        Upload upload = new Upload(file.filename(), file.contentType(), file.size(), file.sha256(), auth.get(),
                request.arrivedAt(), fileToken);
        return ContractResponse.json(201, json(Map.of("file_token", fileToken))).onCommit(() -> uploads.add(upload));
    }

    private Optional<AuthKind> checkUploadAuthorization(ContractRequest request) {
        List<String> values = request.headers("Authorization");
        if (values.size() != 1) {
            request.violation(values.isEmpty() ? "no Authorization header (Sendcloud needs Basic or Bearer)"
                    : "more than one Authorization header");
            return Optional.empty();
        }
        String header = values.get(0);
        Optional<String[]> basic = basicCredentials(request, header);
        if (basic.isPresent()) {
            String[] credentials = basic.get();
            if (credentials[0].equals(publicKey) && credentials[1].equals(secretKey)) {
                return Optional.of(AuthKind.BASIC);
            }
            authFailures.add("upload with Basic credentials of public key '" + credentials[0]
                    + "' that do not match the configured public/secret key");
            return Optional.empty();
        }
        if (hasScheme(header, "Bearer")) {
            return bearerToken(request, header.substring("Bearer ".length()).trim());
        }
        if (!hasScheme(header, "Basic")) {
            request.violation("Authorization scheme is neither Basic nor Bearer: "
                    + header.split(" ", 2)[0]);
        }
        return Optional.empty();
    }

    private Optional<AuthKind> bearerToken(ContractRequest request, String token) {
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

    private ContractResponse token(ContractRequest request) throws IOException {
        tokenRequests.incrementAndGet();
        Optional<String> contentType = request.header("Content-Type");
        if (contentType.isEmpty() || !HeaderValue.parse(contentType.get()).is("application/x-www-form-urlencoded")) {
            request.violation("token request Content-Type is " + contentType.orElse("missing")
                    + ", expected application/x-www-form-urlencoded");
            return oauthError(400, "invalid_request");
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
            return oauthError(401, "invalid_client");
        }
        if (!client.get()[0].equals(clientId) || !client.get()[1].equals(clientSecret)) {
            authFailures.add("token request for unknown client '" + client.get()[0] + "' or wrong client secret");
            return oauthError(401, "invalid_client");
        }
        String grantType = form.get("grant_type");
        if (!"client_credentials".equals(grantType)) {
            request.violation("grant_type is " + quoted(grantType) + ", expected client_credentials");
            return oauthError(400, grantType == null ? "invalid_request" : "unsupported_grant_type");
        }
        String scope = form.get("scope");
        if (scope != null && !scope.equals("api")) {
            request.violation("scope is " + quoted(scope) + ", Sendcloud's only scope is api");
            return oauthError(400, "invalid_scope");
        }
        if (!request.violations().isEmpty()) {
            return oauthError(400, "invalid_request");
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
        return ContractResponse.json(200, json(body)).withHeader("Cache-Control", "no-store");
    }

    private static ContractResponse oauthError(int status, String error) {
        ContractResponse response = ContractResponse.json(status, json(Map.of("error", error)));
        return status == 401 ? response.withHeader("WWW-Authenticate", "Basic") : response;
    }

    /** {user, password} of a Basic header; a Basic header that does not decode is a violation. */
    private static Optional<String[]> basicCredentials(ContractRequest request, String header) {
        if (!hasScheme(header, "Basic")) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring("Basic ".length()).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            request.violation("Basic credentials are not valid base64");
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            request.violation("Basic credentials have no ':' between user and password");
            return Optional.empty();
        }
        return Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
    }
}
