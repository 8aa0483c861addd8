package io.filebridge.sandbox.sendcloud;

import io.filebridge.sandbox.AuthorizationHeaders;
import io.filebridge.sandbox.AuthorizationHeaders.BasicCredentials;
import io.filebridge.sandbox.FaultInjector;
import io.filebridge.sandbox.FaultInjector.InjectedFault;
import io.filebridge.sandbox.IssuedTokens;
import io.filebridge.sandbox.JsonResponses;
import io.filebridge.sandbox.MultipartFields;
import io.filebridge.sandbox.MultipartFields.Field;
import io.filebridge.sandbox.MultipartFields.FileDigest;
import io.filebridge.sandbox.ReceivedUploads;
import io.filebridge.sandbox.SandboxConfiguration;
import io.filebridge.sandbox.SandboxProperties;
import io.filebridge.sandbox.PerKeyRateLimit;
import io.filebridge.sandbox.VendorEmulator;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.annotation.Profile;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Emulates Sendcloud's Support API upload ({@code POST /api/v3/dsf/files}) and its OAuth2 token endpoint, under
 * {@value #BASE_PATH}. Point filebridge at {@code <server>/sandbox/sendcloud/api/v3} and
 * {@code <server>/sandbox/sendcloud/oauth2/token}.
 */
@RestController
@Profile(SandboxConfiguration.PROFILE)
@RequestMapping(SendcloudEmulatorController.BASE_PATH)
public class SendcloudEmulatorController implements VendorEmulator {

    public static final String BASE_PATH = "/sandbox/sendcloud";
    private static final int UPLOADS_KEPT = 200;
    private static final String DEFAULT_MIME_TYPE = "application/octet-stream";
    private static final String SCOPE = "api";

    private final SandboxProperties.Sendcloud settings;
    private final Clock clock = Clock.systemUTC();
    private final PerKeyRateLimit uploadLimiter;
    private final FaultInjector faults = new FaultInjector();
    private final IssuedTokens tokens = new IssuedTokens(clock);
    private final ReceivedUploads<SendcloudUpload> received = new ReceivedUploads<>(UPLOADS_KEPT);

    public SendcloudEmulatorController(SandboxProperties properties) {
        this.settings = properties.getSendcloud();
        this.uploadLimiter = new PerKeyRateLimit(settings.getUploadsPerMinute(), Duration.ofMinutes(1), clock);
    }

    @PostMapping("/api/v3/dsf/files")
    public ResponseEntity<Object> upload(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            HttpServletRequest request) throws IOException {
        Optional<Caller> caller = authenticate(authorization);
        if (caller.isEmpty()) {
            return SendcloudErrors.unauthorized(
                    "Authentication credentials were not provided or are invalid: use HTTP Basic with your public"
                            + " and secret key, or an OAuth2 bearer token.");
        }
        if (!uploadLimiter.tryAcquire(caller.get().rateLimitKey())) {
            return SendcloudErrors.rateLimited(uploadLimiter.limit(), new HttpHeaders());
        }
        Field field = MultipartFields.lookup(request, "file");
        return switch (field.kind()) {
            case MISSING -> SendcloudErrors.fileMissing();
            case TEXT -> SendcloudErrors.notAFile();
            case FILE -> accept(field.file(), caller.get());
        };
    }

    private ResponseEntity<Object> accept(MultipartFile file, Caller caller) throws IOException {
        Optional<InjectedFault> fault = faults.faultFor(file.getOriginalFilename());
        if (fault.isPresent()) {
            return SendcloudErrors.injected(fault.get(), uploadLimiter.limit());
        }
        if (file.getSize() > settings.getMaxFileSize().toBytes()) {
            return SendcloudErrors.tooLarge();
        }
        FileDigest digest = MultipartFields.sha256(file);
        String mimeType = Optional.ofNullable(file.getContentType()).orElse(DEFAULT_MIME_TYPE);
        String fileToken = UUID.randomUUID() + "-" + HexFormat.of().formatHex(mimeType.getBytes(StandardCharsets.UTF_8));
        received.add(new SendcloudUpload(file.getOriginalFilename(), digest.size(), digest.sha256(), mimeType,
                fileToken, caller.kind(), clock.instant()));
        return JsonResponses.json(201, Map.of("file_token", fileToken));
    }

    /** The docs' curl has no trailing slash, the OpenAPI security scheme has one: accept both. */
    @PostMapping({"/oauth2/token", "/oauth2/token/"})
    public ResponseEntity<Object> token(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestParam(name = "grant_type", required = false) String grantType,
            @RequestParam(name = "scope", required = false) String scope) {
        boolean clientOk = AuthorizationHeaders.basic(authorization)
                .map(c -> c.matches(settings.getClientId(), settings.getClientSecret()))
                .orElse(false);
        if (!clientOk) {
            return JsonResponses.oauthError(401, "invalid_client", "Client authentication failed (e.g., unknown"
                    + " client, no client authentication included, or unsupported authentication method).");
        }
        if (grantType == null) {
            return JsonResponses.oauthError(400, "invalid_request", "The request is missing grant_type.");
        }
        if (!grantType.equals("client_credentials")) {
            return JsonResponses.oauthError(400, "unsupported_grant_type", null);
        }
        if (scope != null && !Arrays.stream(scope.trim().split(" +")).allMatch(SCOPE::equals)) {
            return JsonResponses.oauthError(400, "invalid_scope", "The only scope is \"api\".");
        }
        Duration lifetime = settings.getTokenLifetime();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", tokens.issue("ory_at_", settings.getClientId(), lifetime));
        body.put("expires_in", lifetime.toSeconds());
        body.put("token_type", "bearer");
        body.put("scope", SCOPE);
        HttpHeaders headers = new HttpHeaders();
        headers.setCacheControl(CacheControl.noStore());
        return JsonResponses.json(200, body, headers);
    }

    @GetMapping("/uploads")
    public List<SendcloudUpload> uploads() {
        return received.newestFirst();
    }

    /** Forgets uploads, rate-limit windows, used one-shot markers and tokens; for tests and fresh demos. */
    public void reset() {
        received.clear();
        uploadLimiter.reset();
        faults.reset();
        tokens.reset();
    }

    @Override
    public String basePath() {
        return BASE_PATH;
    }

    @Override
    public ResponseEntity<Object> uploadTooLarge() {
        return SendcloudErrors.tooLarge();
    }

    private Optional<Caller> authenticate(String authorization) {
        Optional<BasicCredentials> basic = AuthorizationHeaders.basic(authorization);
        if (basic.isPresent()) {
            return basic.filter(c -> c.matches(settings.getPublicKey(), settings.getSecretKey()))
                    .map(c -> new Caller("basic", "key:" + c.user()));
        }
        return AuthorizationHeaders.bearer(authorization)
                .flatMap(tokens::clientOf)
                .map(clientId -> new Caller("bearer", "client:" + clientId));
    }

    /** Sendcloud does not say whether its 30/min is per key or per account; the emulator counts per credential. */
    private record Caller(String kind, String rateLimitKey) {
    }
}
