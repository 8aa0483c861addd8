package io.filebridge.sandbox.phrase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.sandbox.AuthorizationHeaders;
import io.filebridge.sandbox.emulator.FileNameMarkers;
import io.filebridge.sandbox.emulator.FileNameMarkers.InjectedFault;
import io.filebridge.sandbox.IssuedTokens;
import io.filebridge.sandbox.JsonResponses;
import io.filebridge.sandbox.MultipartFields;
import io.filebridge.sandbox.MultipartFields.Field;
import io.filebridge.sandbox.MultipartFields.FileDigest;
import io.filebridge.sandbox.emulator.Records;
import io.filebridge.sandbox.SandboxConfiguration;
import io.filebridge.sandbox.SandboxProperties;
import io.filebridge.sandbox.VendorEmulator;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.context.annotation.Profile;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Emulates the Phrase Platform for filebridge under {@value #BASE_PATH}, so the Phrase base URL is
 * {@code <server>/sandbox/phrase}: the IDM token exchange ({@code /idm/oauth/token}), the deprecated Language AI login
 * ({@code /smt/api/v1/auth/login}) and Connectors file storage ({@code /connectors/files/v1/async/upload-file},
 * multipart part {@code file}, Bearer JWT). Uploads echo {@code X-ActionId} (generated when absent) and, given an
 * {@code X-Webhook} URL, POST a small JSON result there shortly after the answer. The webhook body's shape is not
 * documented by Phrase; the emulator's ({@code uid}, {@code actionId}, {@code status}, {@code sha256}, {@code size},
 * {@code expiration}) is a guess. File-name fault markers work as for every emulator ({@link FileNameMarkers}).
 * Language AI file translations live beside it in {@link LanguageAiEmulatorController}, which takes the same tokens.
 */
@RestController
@Profile(SandboxConfiguration.PROFILE)
@RequestMapping(PhraseEmulatorController.BASE_PATH)
public class PhraseEmulatorController implements VendorEmulator {

    public static final String BASE_PATH = "/sandbox/phrase";
    static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
    static final String SUBJECT_TOKEN_TYPE = "urn:phrase:params:oauth:token-type:api_token";
    static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
    private static final int UPLOADS_KEPT = 200;
    private static final String UID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final SandboxProperties.Phrase settings;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();
    private final SecureRandom random = new SecureRandom();
    private final FileNameMarkers faults = new FileNameMarkers();
    private final IssuedTokens tokens = new IssuedTokens(clock);
    /** A reference per upload, so the webhook's outcome can be filled in after the answer. */
    private final Records<AtomicReference<PhraseUpload>> received = new Records<>(UPLOADS_KEPT);
    private final WebhookSender webhooks = new WebhookSender();

    public PhraseEmulatorController(SandboxProperties properties, ObjectMapper json) {
        this.settings = properties.getPhrase();
        this.json = json;
    }

    @PostMapping("/idm/oauth/token")
    public ResponseEntity<Object> token(
            @RequestParam(name = "grant_type", required = false) String grantType,
            @RequestParam(name = "subject_token", required = false) String subjectToken,
            @RequestParam(name = "subject_token_type", required = false) String subjectTokenType,
            @RequestParam(name = "requested_token_type", required = false) String requestedTokenType) {
        if (grantType == null || subjectToken == null) {
            return JsonResponses.oauthError(400, "invalid_request", "grant_type and subject_token are required.");
        }
        if (!grantType.equals(GRANT_TYPE)) {
            return JsonResponses.oauthError(400, "unsupported_grant_type", "Only " + GRANT_TYPE + " is supported.");
        }
        if (subjectTokenType != null && !subjectTokenType.equals(SUBJECT_TOKEN_TYPE)) {
            return JsonResponses.oauthError(400, "invalid_request", "subject_token_type must be "
                    + SUBJECT_TOKEN_TYPE + ".");
        }
        if (requestedTokenType != null && !requestedTokenType.equals(ACCESS_TOKEN_TYPE)) {
            return JsonResponses.oauthError(400, "invalid_request", "requested_token_type must be "
                    + ACCESS_TOKEN_TYPE + ".");
        }
        if (!constantTimeEquals(subjectToken, settings.getApiToken())) {
            return JsonResponses.oauthError(401, "unauthorized", "Bad token");
        }
        Duration lifetime = settings.getTokenLifetime();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issueJwt("api-token", lifetime));
        body.put("issued_token_type", ACCESS_TOKEN_TYPE);
        body.put("token_type", "Bearer");
        body.put("expires_in", lifetime.toSeconds());
        HttpHeaders headers = new HttpHeaders();
        headers.setCacheControl(CacheControl.noStore());
        return JsonResponses.json(200, body, headers);
    }

    @PostMapping("/smt/api/v1/auth/login")
    public ResponseEntity<Object> login(@RequestBody(required = false) JsonNode request) {
        if (request == null || !request.path("userName").isTextual() || !request.path("password").isTextual()) {
            return PhraseEmulatorErrors.problem(400, "Bad Request", "userName and password are required.");
        }
        boolean ok = constantTimeEquals(request.path("userName").asText(), settings.getUsername())
                & constantTimeEquals(request.path("password").asText(), settings.getPassword())
                & constantTimeEquals(request.path("organization").path("uid").asText(""),
                        settings.getOrganizationUid());
        if (!ok) {
            return PhraseEmulatorErrors.unauthorized("Invalid user name, password or organization.");
        }
        Duration lifetime = settings.getTokenLifetime();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", issueJwt("login", lifetime));
        body.put("tokenType", "Bearer");
        body.put("expires", clock.instant().plus(lifetime).toString());
        return JsonResponses.json(200, body);
    }

    @PostMapping("/connectors/files/v1/async/upload-file")
    public ResponseEntity<Object> upload(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestHeader(name = "X-ActionId", required = false) String actionIdHeader,
            @RequestHeader(name = "X-Webhook", required = false) String webhookHeader,
            HttpServletRequest request) throws IOException {
        String actionId = actionIdHeader == null || actionIdHeader.isBlank() ? UUID.randomUUID().toString()
                : actionIdHeader;
        HttpHeaders headers = new HttpHeaders();
        headers.set("X-ActionId", actionId);
        Optional<String> caller = callerOf(authorization);
        if (caller.isEmpty()) {
            return withActionId(PhraseEmulatorErrors.unauthorized("A valid Bearer JWT from /idm/oauth/token is"
                    + " required."), actionId);
        }
        Optional<URI> webhook = Optional.empty();
        if (webhookHeader != null && !webhookHeader.isBlank()) {
            webhook = webhookUri(webhookHeader.strip());
            if (webhook.isEmpty()) {
                return withActionId(PhraseEmulatorErrors.problem(400, "Bad Request",
                        "X-Webhook must be an absolute http(s) URL."), actionId);
            }
        }
        Field field = MultipartFields.lookup(request, "file");
        if (field.kind() != MultipartFields.Kind.FILE) {
            return withActionId(PhraseEmulatorErrors.problem(400, "Bad Request", field.kind()
                    == MultipartFields.Kind.MISSING ? "Required part 'file' is not present."
                    : "Part 'file' must be a file."), actionId);
        }
        MultipartFile file = field.file();
        Optional<InjectedFault> fault = faults.faultFor(file.getOriginalFilename());
        if (fault.isPresent()) {
            return withActionId(PhraseEmulatorErrors.injected(fault.get()), actionId);
        }
        if (file.getSize() > settings.getMaxFileSize().toBytes()) {
            return withActionId(PhraseEmulatorErrors.tooLarge(), actionId);
        }
        FileDigest digest = MultipartFields.sha256(file);
        String uid = newUid();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("uid", uid);
        body.put("expiration", "DAY");
        body.put("origin", "bifrost");
        body.put("sha256", digest.sha256());
        body.put("size", digest.size());
        body.put("customer", Map.of("organization", settings.getOrganizationUid(), "user", caller.get()));
        webhook.ifPresent(url -> body.put("webhookUrl", url.toString()));
        PhraseUpload upload = new PhraseUpload(uid, file.getOriginalFilename(), digest.size(), digest.sha256(),
                Optional.ofNullable(file.getContentType()).orElse("application/octet-stream"), actionId,
                caller.get(), webhook.map(URI::toString).orElse(null), webhook.isPresent() ? "pending" : "none",
                clock.instant());
        AtomicReference<PhraseUpload> entry = new AtomicReference<>(upload);
        received.add(entry);
        webhook.ifPresent(url -> sendWebhook(url, entry));
        return JsonResponses.json(200, body, headers);
    }

    /** The caller a valid Bearer JWT of this emulator was issued to; Language AI shares the issued tokens. */
    Optional<String> callerOf(String authorization) {
        return AuthorizationHeaders.bearer(authorization).flatMap(tokens::clientOf);
    }

    @GetMapping("/uploads")
    public List<PhraseUpload> uploads() {
        return received.newestFirst().stream().map(AtomicReference::get).toList();
    }

    /** Forgets uploads, used one-shot markers and tokens; for tests and fresh demos. */
    public void reset() {
        received.clear();
        faults.reset();
        tokens.reset();
    }

    @PreDestroy
    void stop() {
        webhooks.close();
    }

    @Override
    public String basePath() {
        return BASE_PATH;
    }

    @Override
    public ResponseEntity<Object> uploadTooLarge() {
        return PhraseEmulatorErrors.tooLarge();
    }

    private void sendWebhook(URI url, AtomicReference<PhraseUpload> entry) {
        PhraseUpload upload = entry.get();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("uid", upload.uid());
        result.put("actionId", upload.actionId());
        result.put("status", "OK");
        result.put("sha256", upload.sha256());
        result.put("size", upload.size());
        result.put("expiration", "DAY");
        String body;
        try {
            body = json.writeValueAsString(result);
        } catch (IOException e) {
            throw new IllegalStateException("a map of strings and numbers always serializes", e);
        }
        webhooks.postLater(url, body, settings.getWebhookDelay(), outcome -> entry.updateAndGet(u -> new PhraseUpload(
                u.uid(), u.name(), u.size(), u.sha256(), u.contentType(), u.actionId(), u.auth(), u.webhookUrl(),
                outcome, u.receivedAt())));
    }

    /** A JWT-shaped token (header.payload.random signature); only this emulator's issued list makes it valid. */
    private String issueJwt(String subject, Duration lifetime) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(("{\"iss\":\"filebridge-sandbox\",\"sub\":\"" + subject + "\",\"exp\":"
                + clock.instant().plus(lifetime).getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
        return tokens.issue(header + "." + payload + ".", subject, lifetime);
    }

    private String newUid() {
        StringBuilder uid = new StringBuilder(22);
        for (int i = 0; i < 22; i++) {
            uid.append(UID_ALPHABET.charAt(random.nextInt(UID_ALPHABET.length())));
        }
        return uid.toString();
    }

    private static Optional<URI> webhookUri(String value) {
        try {
            URI uri = new URI(value);
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            return http && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static ResponseEntity<Object> withActionId(ResponseEntity<Object> answer, String actionId) {
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(answer.getHeaders());
        headers.set("X-ActionId", actionId);
        return ResponseEntity.status(answer.getStatusCode()).headers(headers).body(answer.getBody());
    }

    private static boolean constantTimeEquals(String actual, String expected) {
        return MessageDigest.isEqual(actual.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }
}
