package io.filebridge.sandbox.serial;

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
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Emulates Serial's storage upload ({@code POST /files}) under {@value #BASE_PATH}: point filebridge's Serial base
 * URL at {@code <server>/sandbox/serial}. The answer has the documented {@code File-storage} shape; the stored
 * object's {@code name} is {@code <id>/<file name>} and its bucket {@code files} (Serial does not document either).
 */
@RestController
@Profile(SandboxConfiguration.PROFILE)
@RequestMapping(SerialEmulatorController.BASE_PATH)
public class SerialEmulatorController implements VendorEmulator {

    public static final String BASE_PATH = "/sandbox/serial";
    static final String BUCKET = "files";
    private static final int UPLOADS_KEPT = 200;
    private static final String DEFAULT_MIME_TYPE = "application/octet-stream";

    private final SandboxProperties.Serial settings;
    private final Clock clock = Clock.systemUTC();
    private final FaultInjector faults = new FaultInjector();
    private final ReceivedUploads<SerialUpload> received = new ReceivedUploads<>(UPLOADS_KEPT);

    public SerialEmulatorController(SandboxProperties properties) {
        this.settings = properties.getSerial();
    }

    @PostMapping("/files")
    public ResponseEntity<Object> upload(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            HttpServletRequest request) throws IOException {
        boolean keyOk = AuthorizationHeaders.bearer(authorization)
                .map(key -> AuthorizationHeaders.secretMatches(key, settings.getApiKey()))
                .orElse(false);
        if (!keyOk) {
            return SerialErrors.unauthorized();
        }
        Field field = MultipartFields.lookup(request, "file");
        return switch (field.kind()) {
            case MISSING -> SerialErrors.badRequest("multipart field `file` is required");
            case TEXT -> SerialErrors.badRequest("field `file` must be a file (with a file name), not text");
            case FILE -> accept(field.file());
        };
    }

    private ResponseEntity<Object> accept(MultipartFile file) throws IOException {
        Optional<InjectedFault> fault = faults.faultFor(file.getOriginalFilename());
        if (fault.isPresent()) {
            return SerialErrors.injected(fault.get());
        }
        if (file.getSize() > settings.getMaxFileSize().toBytes()) {
            return SerialErrors.tooLarge();
        }
        FileDigest digest = MultipartFields.sha256(file);
        String mimeType = Optional.ofNullable(file.getContentType()).orElse(DEFAULT_MIME_TYPE);
        String id = UUID.randomUUID().toString();
        String name = id + "/" + file.getOriginalFilename();
        Instant now = clock.instant();
        received.add(new SerialUpload(file.getOriginalFilename(), digest.size(), digest.sha256(), mimeType, id, name,
                now));
        return JsonResponses.json(200, fileStorage(id, name, digest, mimeType, now));
    }

    /** Serial's {@code File-storage} schema: every top-level field is required. */
    private static Map<String, Object> fileStorage(String id, String name, FileDigest digest, String mimeType,
            Instant now) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("eTag", "\"" + digest.sha256().substring(0, 32) + "\"");
        metadata.put("size", digest.size());
        metadata.put("mimetype", mimeType);
        metadata.put("cacheControl", "max-age=3600");
        metadata.put("lastModified", now.toString());
        metadata.put("contentLength", Long.toString(digest.size()));
        metadata.put("httpStatusCode", 200);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("id", id);
        body.put("updated_at", now.toString());
        body.put("created_at", now.toString());
        body.put("bucket_id", BUCKET);
        body.put("last_accessed_at", now.toString());
        body.put("metadata", metadata);
        return body;
    }

    @GetMapping("/uploads")
    public List<SerialUpload> uploads() {
        return received.newestFirst();
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
        return SerialErrors.tooLarge();
    }
}
