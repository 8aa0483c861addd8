package io.filebridge.sandbox.aymara;

import io.filebridge.sandbox.AuthorizationHeaders;
import io.filebridge.sandbox.FaultInjector;
import io.filebridge.sandbox.FaultInjector.InjectedFault;
import io.filebridge.sandbox.JsonResponses;
import io.filebridge.sandbox.MultipartFields;
import io.filebridge.sandbox.MultipartFields.Field;
import io.filebridge.sandbox.MultipartFields.FileDigest;
import io.filebridge.sandbox.ReceivedUploads;
import io.filebridge.sandbox.SandboxConfiguration;
import io.filebridge.sandbox.SandboxProperties;
import io.filebridge.sandbox.VendorEmulator;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Emulates Aymara's upload ({@code POST /v2/files/-/uploads}) under {@value #BASE_PATH}: point filebridge's Aymara
 * base URL at {@code <server>/sandbox/aymara}. Either credential is enough ({@code x-api-key} or
 * {@code Authorization: Bearer}); every one sent must be right. Errors come in Aymara's envelope. The answer's
 * {@code file_url} points at this upload's entry in {@code GET /sandbox/aymara/uploads/{file_uuid}}.
 */
@RestController
@Profile(SandboxConfiguration.PROFILE)
@RequestMapping(AymaraEmulatorController.BASE_PATH)
public class AymaraEmulatorController implements VendorEmulator {

    public static final String BASE_PATH = "/sandbox/aymara";
    static final String API_KEY_HEADER = "x-api-key";
    private static final int UPLOADS_KEPT = 200;
    private static final String DEFAULT_MIME_TYPE = "application/octet-stream";

    private final SandboxProperties.Aymara settings;
    private final Clock clock = Clock.systemUTC();
    private final FaultInjector faults = new FaultInjector();
    private final ReceivedUploads<AymaraUpload> received = new ReceivedUploads<>(UPLOADS_KEPT);

    public AymaraEmulatorController(SandboxProperties properties) {
        this.settings = properties.getAymara();
    }

    @PostMapping("/v2/files/-/uploads")
    public ResponseEntity<Object> upload(
            @RequestHeader(name = API_KEY_HEADER, required = false) String apiKey,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestParam(name = "workspace_uuid", required = false) String workspaceUuid,
            HttpServletRequest request) throws IOException {
        Optional<String> caller = authenticate(apiKey, authorization);
        if (caller.isEmpty()) {
            return AymaraErrors.unauthorized(apiKey == null && authorization == null
                    ? "No API key or bearer token provided: send x-api-key or Authorization: Bearer."
                    : "The API key or bearer token is invalid.");
        }
        if (workspaceUuid != null && !isUuid(workspaceUuid)) {
            return AymaraErrors.invalidFormat("workspace_uuid is not a valid UUID: " + workspaceUuid);
        }
        Field field = MultipartFields.lookup(request, "file");
        return switch (field.kind()) {
            case MISSING -> AymaraErrors.invalidRequest(422, "file: Field required");
            case TEXT -> AymaraErrors.invalidFormat("file: Expected UploadFile, received text");
            case FILE -> accept(field.file(), caller.get(), workspaceUuid);
        };
    }

    private ResponseEntity<Object> accept(MultipartFile file, String caller, String workspaceUuid) throws IOException {
        Optional<InjectedFault> fault = faults.faultFor(file.getOriginalFilename());
        if (fault.isPresent()) {
            return AymaraErrors.injected(fault.get());
        }
        if (file.getSize() > settings.getMaxFileSize().toBytes()) {
            return AymaraErrors.tooLarge();
        }
        FileDigest digest = MultipartFields.sha256(file);
        String mimeType = Optional.ofNullable(file.getContentType()).orElse(DEFAULT_MIME_TYPE);
        String fileUuid = UUID.randomUUID().toString();
        String remotePath = (workspaceUuid == null ? "default" : workspaceUuid) + "/" + fileUuid + "/"
                + file.getOriginalFilename();
        String fileUrl = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path(BASE_PATH + "/uploads/{uuid}").buildAndExpand(fileUuid).toUriString();
        received.add(new AymaraUpload(file.getOriginalFilename(), digest.size(), digest.sha256(), mimeType, fileUuid,
                workspaceUuid, caller, clock.instant()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("local_file_path", file.getOriginalFilename());
        body.put("file_uuid", fileUuid);
        body.put("file_url", fileUrl);
        body.put("remote_file_path", remotePath);
        body.put("content_type", mimeType);
        body.put("processing_status", "completed");
        body.put("remote_uri", "s3://aymara-sandbox/" + remotePath);
        return JsonResponses.json(200, body);
    }

    @GetMapping("/uploads")
    public List<AymaraUpload> uploads() {
        return received.newestFirst();
    }

    @GetMapping("/uploads/{fileUuid}")
    public ResponseEntity<Object> upload(@PathVariable String fileUuid) {
        return received.newestFirst().stream()
                .filter(u -> u.fileUuid().equals(fileUuid))
                .findFirst()
                .<ResponseEntity<Object>>map(u -> JsonResponses.json(200, u))
                .orElseGet(() -> AymaraErrors.notFound("No file " + fileUuid + " in this sandbox."));
    }

    /** Forgets uploads and used one-shot markers; for tests and fresh demos. */
    public void reset() {
        received.clear();
        faults.reset();
    }

    @Override
    public String basePath() {
        return BASE_PATH;
    }

    @Override
    public ResponseEntity<Object> uploadTooLarge() {
        return AymaraErrors.tooLarge();
    }

    /** "x-api-key", "bearer" or both (joined by "+"), when every credential sent is right. */
    private Optional<String> authenticate(String apiKey, String authorization) {
        List<String> accepted = new ArrayList<>();
        if (apiKey != null) {
            if (!AuthorizationHeaders.secretMatches(apiKey.trim(), settings.getApiKey())) {
                return Optional.empty();
            }
            accepted.add("x-api-key");
        }
        if (authorization != null) {
            boolean tokenOk = AuthorizationHeaders.bearer(authorization)
                    .map(token -> AuthorizationHeaders.secretMatches(token, settings.getBearerToken()))
                    .orElse(false);
            if (!tokenOk) {
                return Optional.empty();
            }
            accepted.add("bearer");
        }
        return accepted.isEmpty() ? Optional.empty() : Optional.of(String.join("+", accepted));
    }

    private static boolean isUuid(String value) {
        try {
            UUID.fromString(value);
            return value.length() == 36;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
