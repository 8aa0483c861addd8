package io.filebridge.sandbox.phrase;

import static io.filebridge.sandbox.emulator.UploadChecks.json;
import static io.filebridge.sandbox.emulator.UploadChecks.quoted;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.sandbox.emulator.EmulatorRequest;
import io.filebridge.sandbox.emulator.EmulatorResponse;
import io.filebridge.sandbox.emulator.EmulatorServer;
import io.filebridge.sandbox.emulator.HeaderValue;
import io.filebridge.sandbox.emulator.MultipartPart;
import io.filebridge.sandbox.emulator.Records;
import io.filebridge.sandbox.emulator.UploadChecks;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The Phrase Platform as filebridge's Phrase vendors use it, checked strictly: the IDM token exchange
 * ({@code POST /idm/oauth/token}), the deprecated Language AI login ({@code POST /smt/api/v1/auth/login}),
 * Connectors file storage ({@code POST /connectors/files/v1/async/upload-file}) and Language AI file translations
 * ({@link PhraseLanguageAi}). Point filebridge's Phrase base URL at {@link #baseUrl()}.
 *
 * <p>Malformed requests (wrong grant or token types, a login body without its fields, a missing or non-Bearer
 * Authorization, no {@code X-ActionId}, an {@code X-Webhook} where none is expected or a missing or malformed one
 * where one is, anything but exactly one multipart part {@code file} with a file name and the MIME type of its
 * extension, a charset on the multipart type, a query string on the upload) are {@link #violations()} and get 400:
 * the same part checks as the other upload vendors' servers. Wrong credentials and unknown, expired or revoked
 * tokens are not violations: they get 401 and are listed in {@link #authFailures()}. Scripted faults apply to
 * uploads and to the Language AI file translation routes, which {@link #languageAi()} plays and scripts (submit,
 * status, download, callbacks) with the tokens this server issues.
 *
 * <p>The sandbox adds what a person trying filebridge needs ({@code SandboxEmulators}): its own account, any
 * well-formed X-Webhook URL accepted and called back ({@link #acceptWebhooks}, {@link #callWebhooksAfter}; Phrase
 * does not document the webhook body, the emulator's {@code uid}, {@code actionId}, {@code status}, {@code sha256},
 * {@code size}, {@code expiration} is a guess), file-name markers (also {@code [fail-lang-xx]} for Language AI),
 * timed completion, a job TTL and jobs kept on disk across restarts.
 */
public final class PhraseEmulator extends EmulatorServer {

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

    /** How a token was obtained; listed as {@code api-token} or {@code login}. */
    public enum AuthKind {
        EXCHANGE("api-token"), LOGIN("login");

        private final String listed;

        AuthKind(String listed) {
            this.listed = listed;
        }

        @JsonValue
        public String listed() {
            return listed;
        }
    }

    private record Grant(AuthKind kind, Instant expiresAt) {
    }

    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private final AtomicInteger tokenExchanges = new AtomicInteger();
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicInteger wrongSha256Answers = new AtomicInteger();
    /** A reference per upload, so the webhook's outcome can be filled in after the answer. */
    private volatile Records<AtomicReference<PhraseUpload>> uploads = Records.unbounded();
    private volatile Records<String> authFailures = Records.unbounded();
    private final String apiToken;
    private final String username;
    private final String password;
    private final String organizationUid;
    private volatile Duration tokenExpiresIn = Duration.ofSeconds(14399);
    /** When set, tokens issued from now on expire at this server after this long, whatever they advertise. */
    private volatile Duration serverSideLifetime;
    private volatile Function<Instant, String> loginExpires = Instant::toString;
    private volatile String expectedWebhookPrefix;
    /** Any absolute http(s) X-Webhook is accepted, and none is required (the sandbox). */
    private volatile boolean anyWebhook;
    /** Null: X-Webhook URLs are not called. */
    private volatile Duration webhookDelay;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** Sends webhooks and Language AI callbacks and completes timed jobs, off the request threads. */
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "phrase-emulator-callbacks");
        thread.setDaemon(true);
        return thread;
    });

    private final PhraseLanguageAi languageAi;

    /** With the credentials in this class's constants. */
    public PhraseEmulator() {
        this(API_TOKEN, USERNAME, PASSWORD, ORGANIZATION_UID);
    }

    /** The account: the Platform API token to exchange, and the user of the deprecated login. */
    public PhraseEmulator(String apiToken, String username, String password, String organizationUid) {
        this.apiToken = apiToken;
        this.username = username;
        this.password = password;
        this.organizationUid = organizationUid;
        this.languageAi = new PhraseLanguageAi(this::authenticate, later, this::post);
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
        later.shutdownNow();
        languageAi.close();
        super.close();
    }

    @Override
    public PhraseEmulator start() {
        super.start();
        return this;
    }

    @Override
    public PhraseEmulator start(int port) {
        super.start(port);
        return this;
    }

    @Override
    public PhraseEmulator drainBodies(boolean drain) {
        super.drainBodies(drain);
        return this;
    }

    @Override
    public PhraseEmulator keepLast(int count) {
        super.keepLast(count);
        uploads = new Records<>(count);
        authFailures = new Records<>(count);
        languageAi.keepLast(count);
        return this;
    }

    /** Also {@code [fail-lang-xx]} in Language AI file names: that target language's results end in ERROR. */
    @Override
    public PhraseEmulator serveFileNameMarkers() {
        super.serveFileNameMarkers();
        languageAi.failLanguageMarkers();
        return this;
    }


    /** Lifetime of tokens issued from now on: {@code expires_in} of the exchange, {@code expires} of the login. */
    public PhraseEmulator tokenExpiresIn(Duration lifetime) {
        this.tokenExpiresIn = lifetime;
        return this;
    }

    /**
     * Tokens issued from now on stop working after {@code lifetime} at this server, while still advertising the
     * {@link #tokenExpiresIn} lifetime: an expiry the client cannot see coming (a shortened session, a skewed server
     * clock). Null: tokens live as long as they advertise.
     */
    public PhraseEmulator tokensExpireAtServerAfter(Duration lifetime) {
        this.serverSideLifetime = lifetime;
        return this;
    }

    /** True when this server no longer accepts the token because it expired (not because it was revoked). */
    public boolean expiredAtServer(String bearerToken) {
        Grant grant = grants.get(bearerToken);
        return grant != null && !Instant.now().isBefore(grant.expiresAt());
    }

    /** How the login writes {@code expires} from the expiry instant (default: ISO-8601 instant). */
    public PhraseEmulator loginExpiresAs(Function<Instant, String> format) {
        this.loginExpires = format;
        return this;
    }

    /** Uploads must carry an {@code X-Webhook} of {@code prefix + <token>}; null (the default): no X-Webhook. */
    public PhraseEmulator expectWebhooksUnder(String prefix) {
        this.expectedWebhookPrefix = prefix;
        this.anyWebhook = false;
        return this;
    }

    /**
     * Uploads may carry an {@code X-Webhook}, any absolute http(s) URL (the sandbox, which does not know under which
     * path filebridge receives them); without one is fine too.
     */
    public PhraseEmulator acceptWebhooks() {
        this.anyWebhook = true;
        this.expectedWebhookPrefix = null;
        return this;
    }

    /** An upload's X-Webhook URL is POSTed the upload's result this long after the answer; null (default): never. */
    public PhraseEmulator callWebhooksAfter(Duration delay) {
        this.webhookDelay = delay;
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

    /** Accepted uploads, oldest first. */
    public List<PhraseUpload> uploads() {
        return uploads.oldestFirst().stream().map(AtomicReference::get).toList();
    }

    public List<String> authFailures() {
        return authFailures.oldestFirst();
    }

    /** An RFC 7807-style error body, the shape Phrase services are seen to use. */
    public static String problem(int status, String title, String detail) {
        return PhraseErrors.problem(status, title, detail);
    }

    /** Scripts the next upload to fail with a problem body. */
    public void respondProblem(int status, String title, String detail) {
        respond(status, Map.of(), problem(status, title, detail));
    }

    @Override
    public EmulatorResponse error(int status, String detail) {
        return PhraseErrors.error(status, detail);
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
        if (!apiToken.equals(subjectToken)) {
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
        if (!username.equals(body.path("userName").asText()) || !password.equals(body.path("password").asText())
                || !organizationUid.equals(body.path("organization").path("uid").asText())) {
            authFailures.add("login with a wrong user name, password or organization");
            return PhraseErrors.error(401, "Bad credentials");
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
            return PhraseErrors.error(401, null).withHeader("X-ActionId", actionId);
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
        body.put("customer", Map.of("organization", organizationUid, "user", auth.get().listed()));
        if (webhook != null) {
            body.put("webhookUrl", webhook);
        }
        Duration callAfter = webhookDelay;
        boolean calls = webhook != null && callAfter != null;
        AtomicReference<PhraseUpload> upload = new AtomicReference<>(new PhraseUpload(uid, file.filename(),
                file.size(), file.sha256(), file.contentType(), actionId, auth.get(), bearer.get(), webhook,
                calls ? "pending" : "none", answeredSha, request.arrivedAt()));
        return EmulatorResponse.json(200, json(body)).withHeader("X-ActionId", actionId).onCommit(() -> {
            uploads.add(upload);
            if (calls) {
                later.schedule(() -> callWebhook(upload), callAfter.toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    private void callWebhook(AtomicReference<PhraseUpload> entry) {
        PhraseUpload upload = entry.get();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("uid", upload.uid());
        result.put("actionId", upload.actionId());
        result.put("status", "OK");
        result.put("sha256", upload.sha256());
        result.put("size", upload.size());
        result.put("expiration", "DAY");
        post(upload.webhook(), json(result), outcome -> entry.updateAndGet(u -> u.withWebhookDelivery(outcome)));
    }

    /** POSTs JSON and reports "delivered HTTP <status>" or "failed: <reason>"; asynchronous. */
    void post(String url, String body, java.util.function.Consumer<String> outcome) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) ->
                outcome.accept(failure == null ? "delivered HTTP " + response.statusCode()
                        : "failed: " + failure.getClass().getSimpleName()));
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
        if (anyWebhook) {
            if (values.size() > 1) {
                request.violation("more than one X-Webhook header");
            }
            if (!values.isEmpty() && !isHttpUrl(values.get(0))) {
                request.violation("X-Webhook " + values.get(0) + " is not an absolute http(s) URL");
            }
            return values.isEmpty() ? null : values.get(0);
        }
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

    static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            return uri.isAbsolute() && uri.getHost() != null
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
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
        return PhraseErrors.oauth(status, error, description);
    }
}
