package io.filebridge.testsupport;

import static io.filebridge.sandbox.emulator.UploadChecks.json;
import static io.filebridge.sandbox.emulator.UploadChecks.quoted;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.sandbox.emulator.EmulatorRequest;
import io.filebridge.sandbox.emulator.EmulatorResponse;
import io.filebridge.sandbox.emulator.EmulatorServer;
import io.filebridge.sandbox.emulator.HeaderValue;
import io.filebridge.sandbox.emulator.MultipartPart;
import io.filebridge.sandbox.emulator.UploadChecks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The Phrase Platform as filebridge's Phrase vendors use it, checked strictly: the IDM token exchange
 * ({@code POST /idm/oauth/token}), the deprecated Language AI login ({@code POST /smt/api/v1/auth/login}) and
 * Connectors file storage ({@code POST /connectors/files/v1/async/upload-file}). Point filebridge's Phrase base URL
 * at {@link #baseUrl()}.
 *
 * <p>Malformed requests (wrong grant or token types, a login body without its fields, a missing or non-Bearer
 * Authorization, no {@code X-ActionId}, an {@code X-Webhook} where none is expected or a missing or malformed one
 * where one is, anything but exactly one multipart part {@code file} with a file name and the MIME type of its
 * extension, a charset on the multipart type, a query string on the upload) are {@link #violations()} and get 400:
 * the same part checks as the other upload vendors' servers. Wrong credentials and unknown, expired or revoked
 * tokens are not violations: they get 401 and are listed in {@link #authFailures()}. Scripted faults apply to
 * uploads and to the Language AI file translation routes, which {@link #languageAi()} plays and scripts (submit,
 * status, download, callbacks) with the tokens this server issues.
 */
public final class PhraseContractServer extends EmulatorServer {

    public static final String TOKEN_PATH = "/idm/oauth/token";
    public static final String LOGIN_PATH = "/smt/api/v1/auth/login";
    public static final String UPLOAD_PATH = "/connectors/files/v1/async/upload-file";
    public static final String API_TOKEN = "test-phrase-api-token";
    public static final String USERNAME = "test-phrase-user";
    public static final String PASSWORD = "test-phrase-password";
    public static final String ORGANIZATION_UID = "test-phrase-org";

    static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
    static final String SUBJECT_TOKEN_TYPE = "urn:phrase:params:oauth:token-type:api_token";
    static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern CALLBACK_TOKEN = Pattern.compile("[A-Za-z0-9_-]{22,}");

    /** How a token was obtained. */
    public enum AuthKind { EXCHANGE, LOGIN }

    /**
     * An upload that was answered 200. {@code uid} is what the receipt should carry; {@code webhook} is the
     * X-Webhook header or null; {@code answeredSha256} is what the answer claimed (differs when scripted so).
     */
    public record Upload(String filename, String contentType, long size, String sha256, AuthKind auth,
            String bearerToken, String actionId, String webhook, String uid, String answeredSha256,
            Instant arrivedAt) {
    }

    private record Grant(AuthKind kind, Instant expiresAt) {
    }

    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private final AtomicInteger tokenExchanges = new AtomicInteger();
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicInteger wrongSha256Answers = new AtomicInteger();
    private final List<Upload> uploads = new CopyOnWriteArrayList<>();
    private final List<String> authFailures = new CopyOnWriteArrayList<>();
    private volatile Duration tokenExpiresIn = Duration.ofSeconds(14399);
    /** When set, tokens issued from now on expire at this server after this long, whatever they advertise. */
    private volatile Duration serverSideLifetime;
    private volatile Function<Instant, String> loginExpires = Instant::toString;
    private volatile String expectedWebhookPrefix;

    private final PhraseLanguageAi languageAi = new PhraseLanguageAi(this::authenticate);

    public PhraseContractServer() {
        route("POST", TOKEN_PATH, this::token);
        route("POST", LOGIN_PATH, this::login);
        routeWithFaults("POST", UPLOAD_PATH, this::upload);
        routeWithFaults("POST", PhraseLanguageAi.FILE_TRANSLATIONS_PATH, languageAi::submit);
        routeUnderWithFaults("GET", PhraseLanguageAi.FILE_TRANSLATIONS_PATH, languageAi::get);
    }

    /**
     * Language AI file translations ({@value PhraseLanguageAi#FILE_TRANSLATIONS_PATH}) on this server: jobs,
     * their scripted completion, downloads and callbacks. Its endpoints take the tokens this server issues.
     */
    public PhraseLanguageAi languageAi() {
        return languageAi;
    }

    @Override
    public void close() {
        languageAi.close();
        super.close();
    }

    @Override
    public PhraseContractServer start() {
        super.start();
        return this;
    }

    /** Lifetime of tokens issued from now on: {@code expires_in} of the exchange, {@code expires} of the login. */
    public PhraseContractServer tokenExpiresIn(Duration lifetime) {
        this.tokenExpiresIn = lifetime;
        return this;
    }

    /**
     * Tokens issued from now on stop working after {@code lifetime} at this server, while still advertising the
     * {@link #tokenExpiresIn} lifetime: an expiry the client cannot see coming (a shortened session, a skewed server
     * clock). Null: tokens live as long as they advertise.
     */
    public PhraseContractServer tokensExpireAtServerAfter(Duration lifetime) {
        this.serverSideLifetime = lifetime;
        return this;
    }

    /** True when this server no longer accepts the token because it expired (not because it was revoked). */
    public boolean expiredAtServer(String bearerToken) {
        Grant grant = grants.get(bearerToken);
        return grant != null && !Instant.now().isBefore(grant.expiresAt());
    }

    /** How the login writes {@code expires} from the expiry instant (default: ISO-8601 instant). */
    public PhraseContractServer loginExpiresAs(Function<Instant, String> format) {
        this.loginExpires = format;
        return this;
    }

    /** Uploads must carry an {@code X-Webhook} of {@code prefix + <token>}; null (the default): no X-Webhook. */
    public PhraseContractServer expectWebhooksUnder(String prefix) {
        this.expectedWebhookPrefix = prefix;
        return this;
    }

    /** The next successful upload is answered with a {@code sha256} that is not the content's. */
    public void answerWrongSha256Next() {
        wrongSha256Answers.incrementAndGet();
    }

    /** Tokens issued so far answer 401 on upload from now on (to test "refresh once after 401"). */
    public void revokeAllTokens() {
        revoked.addAll(grants.keySet());
    }

    /** Requests that reached the token exchange endpoint, good or bad. */
    public int tokenExchanges() {
        return tokenExchanges.get();
    }

    /** Requests that reached the login endpoint, good or bad. */
    public int logins() {
        return logins.get();
    }

    public List<Upload> uploads() {
        return List.copyOf(uploads);
    }

    public List<String> authFailures() {
        return List.copyOf(authFailures);
    }

    /** An RFC 7807-style error body, the shape Phrase services are seen to use. */
    public static String problem(int status, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        return json(body);
    }

    /** Scripts the next upload to fail with a problem body. */
    public void respondProblem(int status, String title, String detail) {
        respond(status, Map.of(), problem(status, title, detail));
    }

    @Override
    public EmulatorResponse error(int status, String detail) {
        return EmulatorResponse.json(status, problem(status, status == 400 ? "Bad Request" : "Error",
                detail == null ? "HTTP " + status : detail));
    }

    private EmulatorResponse token(EmulatorRequest request) throws IOException {
        tokenExchanges.incrementAndGet();
        Optional<String> contentType = request.header("Content-Type");
        if (contentType.isEmpty() || !HeaderValue.parse(contentType.get()).is("application/x-www-form-urlencoded")) {
            request.violation("token request Content-Type is " + contentType.orElse("missing")
                    + ", expected application/x-www-form-urlencoded");
            return oauthError(400, "invalid_request", null);
        }
        Map<String, String> form = request.form();
        if (!GRANT_TYPE.equals(form.get("grant_type"))) {
            request.violation("grant_type is " + quoted(form.get("grant_type")) + ", expected " + GRANT_TYPE);
        }
        String subjectToken = form.get("subject_token");
        if (subjectToken == null || subjectToken.isEmpty()) {
            request.violation("no subject_token");
        }
        if (form.containsKey("subject_token_type") && !SUBJECT_TOKEN_TYPE.equals(form.get("subject_token_type"))) {
            request.violation("subject_token_type is " + quoted(form.get("subject_token_type")) + ", expected "
                    + SUBJECT_TOKEN_TYPE);
        }
        if (form.containsKey("requested_token_type")
                && !ACCESS_TOKEN_TYPE.equals(form.get("requested_token_type"))) {
            request.violation("requested_token_type is " + quoted(form.get("requested_token_type"))
                    + ", expected " + ACCESS_TOKEN_TYPE);
        }
        for (String field : form.keySet()) {
            if (!Set.of("grant_type", "subject_token", "subject_token_type", "requested_token_type").contains(field)) {
                request.violation("unsupported token request field " + quoted(field));
            }
        }
        if (!request.violations().isEmpty()) {
            return oauthError(400, "invalid_request", null);
        }
        if (!API_TOKEN.equals(subjectToken)) {
            authFailures.add("token exchange with an unknown API token");
            return oauthError(401, "unauthorized", "Bad token");
        }
        Duration lifetime = tokenExpiresIn;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issue(AuthKind.EXCHANGE, lifetime));
        body.put("issued_token_type", ACCESS_TOKEN_TYPE);
        body.put("token_type", "Bearer");
        body.put("expires_in", lifetime.toSeconds());
        return EmulatorResponse.json(200, json(body)).withHeader("Cache-Control", "no-store");
    }

    private EmulatorResponse login(EmulatorRequest request) throws IOException {
        logins.incrementAndGet();
        Optional<String> contentType = request.header("Content-Type");
        if (contentType.isEmpty() || !HeaderValue.parse(contentType.get()).is("application/json")) {
            request.violation("login Content-Type is " + contentType.orElse("missing") + ", expected application/json");
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.readBody());
        } catch (JsonProcessingException e) {
            request.violation("login body is not JSON");
            return answerToViolations(request);
        }
        for (String field : new String[] {"userName", "password"}) {
            if (!body.path(field).isTextual()) {
                request.violation("login body has no string " + field);
            }
        }
        if (!body.path("organization").path("uid").isTextual()) {
            request.violation("login body has no organization.uid");
        }
        body.fieldNames().forEachRemaining(field -> {
            if (!Set.of("userName", "password", "otpCode", "organization").contains(field)) {
                request.violation("unknown login field " + quoted(field));
            }
        });
        if (!request.violations().isEmpty()) {
            return answerToViolations(request);
        }
        if (!USERNAME.equals(body.path("userName").asText()) || !PASSWORD.equals(body.path("password").asText())
                || !ORGANIZATION_UID.equals(body.path("organization").path("uid").asText())) {
            authFailures.add("login with a wrong user name, password or organization");
            return EmulatorResponse.json(401, problem(401, "Unauthorized", "Bad credentials"));
        }
        Duration lifetime = tokenExpiresIn;
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("token", issue(AuthKind.LOGIN, lifetime));
        answer.put("tokenType", "Bearer");
        answer.put("expires", loginExpires.apply(Instant.now().plus(lifetime)));
        return EmulatorResponse.json(200, json(answer));
    }

    /**
     * The caller's token kind when the request carries a valid Bearer token of this server. Empty otherwise: a
     * missing or malformed Authorization is recorded as a violation, an unknown, expired or revoked token as an
     * auth failure ({@code what} names the call in it).
     */
    private Optional<AuthKind> authenticate(EmulatorRequest request, String what) {
        return checkBearer(request).flatMap(token -> validToken(token, what));
    }

    private EmulatorResponse upload(EmulatorRequest request) throws IOException {
        Optional<String> bearer = checkBearer(request);
        Optional<AuthKind> auth = bearer.flatMap(token -> validToken(token, "upload"));
        String actionId = request.header("X-ActionId").orElse("");
        if (actionId.isBlank()) {
            request.violation("no X-ActionId header (filebridge sends its requestId)");
        }
        String webhook = checkWebhook(request);
        if (request.query() != null) {
            request.violation("unexpected query " + request.query() + " (upload-file takes none)");
        }
        Optional<MultipartPart> part = UploadChecks.singleFilePart(request, "file").part();
        if (!request.violations().isEmpty()) {
            return answerToViolations(request);
        }
        if (auth.isEmpty()) {
            return EmulatorResponse.json(401, problem(401, "Unauthorized", "Invalid or expired access token"))
                    .withHeader("X-ActionId", actionId);
        }
        MultipartPart file = part.orElseThrow();
        String uid = randomUid();
        boolean wrongSha = wrongSha256Answers.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        // a wrong answer differs in its last hex digit; the right one comes in upper case, as a lenient check allows
        String answeredSha = wrongSha ? file.sha256().substring(0, 63) + (file.sha256().endsWith("0") ? "1" : "0")
                : file.sha256().toUpperCase(java.util.Locale.ROOT);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("uid", uid);
        body.put("expiration", "DAY");
        body.put("origin", "bifrost");
        body.put("sha256", answeredSha);
        body.put("size", file.size());
        body.put("customer", Map.of("organization", ORGANIZATION_UID, "user", "test"));
        if (webhook != null) {
            body.put("webhookUrl", webhook);
        }
        Upload upload = new Upload(file.filename(), file.contentType(), file.size(), file.sha256(), auth.get(),
                bearer.get(), actionId, webhook, uid, answeredSha, request.arrivedAt());
        return EmulatorResponse.json(200, json(body)).withHeader("X-ActionId", actionId)
                .onCommit(() -> uploads.add(upload));
    }

    private Optional<String> checkBearer(EmulatorRequest request) {
        List<String> values = request.headers("Authorization");
        if (values.size() != 1) {
            request.violation(values.isEmpty() ? "no Authorization header (Phrase needs Bearer <JWT>)"
                    : "more than one Authorization header");
            return Optional.empty();
        }
        String header = values.get(0);
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            request.violation("Authorization is not a Bearer token: " + header.split(" ", 2)[0]);
            return Optional.empty();
        }
        return Optional.of(header.substring(7).trim());
    }

    private Optional<AuthKind> validToken(String token, String what) {
        Grant grant = grants.get(token);
        String problem = grant == null ? "a bearer token this server never issued"
                : revoked.contains(token) ? "a revoked bearer token"
                : !Instant.now().isBefore(grant.expiresAt()) ? "an expired bearer token"
                : null;
        if (problem != null) {
            authFailures.add(what + " with " + problem);
            return Optional.empty();
        }
        return Optional.of(grant.kind());
    }

    private String checkWebhook(EmulatorRequest request) {
        List<String> values = request.headers("X-Webhook");
        String prefix = expectedWebhookPrefix;
        if (prefix == null) {
            if (!values.isEmpty()) {
                request.violation("X-Webhook sent although no public URL is configured: " + values);
            }
            return null;
        }
        if (values.size() != 1) {
            request.violation(values.isEmpty() ? "no X-Webhook header" : "more than one X-Webhook header");
            return null;
        }
        String webhook = values.get(0);
        if (!webhook.startsWith(prefix) || !CALLBACK_TOKEN.matcher(webhook.substring(prefix.length())).matches()) {
            request.violation("X-Webhook " + webhook + " is not " + prefix + "<URL-safe token of 22+ characters>");
        }
        return webhook;
    }

    /** JWT-shaped (header.payload.signature), random, and valid only because this server remembers it. */
    private String issue(AuthKind kind, Duration lifetime) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        byte[] signature = new byte[32];
        RANDOM.nextBytes(signature);
        Instant expiresAt = Instant.now().plus(lifetime);
        Duration atServer = serverSideLifetime;
        Instant serverExpiry = atServer == null ? expiresAt : Instant.now().plus(atServer);
        String token = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(("{\"sub\":\"" + kind + "\",\"exp\":" + expiresAt.getEpochSecond() + "}")
                        .getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(signature);
        grants.put(token, new Grant(kind, serverExpiry));
        return token;
    }

    private static String randomUid() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder uid = new StringBuilder();
        for (int i = 0; i < 22; i++) {
            uid.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return uid.toString();
    }

    private static EmulatorResponse oauthError(int status, String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        if (description != null) {
            body.put("error_description", description);
        }
        return EmulatorResponse.json(status, json(body));
    }
}
