package io.filebridge.sandbox.serial;

import static io.filebridge.sandbox.emulator.UploadChecks.json;

import io.filebridge.sandbox.emulator.EmulatorRequest;
import io.filebridge.sandbox.emulator.EmulatorResponse;
import io.filebridge.sandbox.emulator.EmulatorServer;
import io.filebridge.sandbox.emulator.MultipartPart;
import io.filebridge.sandbox.emulator.Records;
import io.filebridge.sandbox.emulator.UploadChecks;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Serial's storage upload ({@code POST /files}), checked strictly: {@code Authorization: Bearer <api key>}, one
 * multipart part {@code file} with a file name and the MIME type of its extension, no query. Point filebridge's
 * Serial base URL at {@link #baseUrl()}.
 *
 * <p>A missing or non-Bearer Authorization is a violation; a wrong key is not (a client cannot always avoid it) and
 * is listed in {@link #authFailures()}. Both get 401 without a body, as Serial documents no 401 body. Other contract
 * breaks get 400 (see {@link SerialErrors}). Answers 200 with the documented {@code File-storage} shape; the stored
 * object's {@code name} is {@code <id>/<file name>} and its bucket {@code files} (Serial documents neither).
 */
public final class SerialEmulator extends EmulatorServer {

    public static final String UPLOAD_PATH = "/files";
    public static final String API_KEY = "test-serial-api-key";
    static final String BUCKET = "files";

    private final String apiKey;
    private volatile Records<SerialUpload> uploads = Records.unbounded();
    private final List<String> authFailures = new CopyOnWriteArrayList<>();
    private final AtomicReference<Long> misreportedSize = new AtomicReference<>();

    public SerialEmulator() {
        this(API_KEY);
    }

    public SerialEmulator(String apiKey) {
        this.apiKey = apiKey;
        routeWithFaults("POST", UPLOAD_PATH, this::upload);
    }

    @Override
    public SerialEmulator start() {
        super.start();
        return this;
    }

    @Override
    public SerialEmulator keepLast(int count) {
        super.keepLast(count);
        uploads = new Records<>(count);
        return this;
    }

    /** Accepted uploads, oldest first. */
    public List<SerialUpload> uploads() {
        return uploads.oldestFirst();
    }

    public List<String> authFailures() {
        return List.copyOf(authFailures);
    }

    /** The next accepted upload is stored, but its answer reports this size (a truncated or padded object). */
    public void misreportNextSize(long size) {
        misreportedSize.set(size);
    }

    @Override
    public EmulatorResponse error(int status, String detail) {
        return SerialErrors.error(status, detail);
    }

    private EmulatorResponse upload(EmulatorRequest request) throws IOException {
        boolean authorized = checkAuthorization(request);
        if (request.query() != null) {
            request.violation("unexpected query " + request.query() + " (Serial's upload takes none)");
        }
        Optional<MultipartPart> part = UploadChecks.singleFilePart(request, "file").part();
        if (!authorized) {
            return error(401, null);
        }
        if (!request.violations().isEmpty()) {
            return answerToViolations(request);
        }
        MultipartPart file = part.orElseThrow();
        String id = UUID.randomUUID().toString();
        String name = id + "/" + file.filename();
        Long reported = misreportedSize.getAndSet(null);
        long size = reported == null ? file.size() : reported;
        SerialUpload upload = new SerialUpload(file.filename(), file.contentType(), file.size(), file.sha256(),
                request.arrivedAt(), id, name);
        return EmulatorResponse.json(200, json(fileStorage(id, name, size, file, Instant.now().toString())))
                .onCommit(() -> uploads.add(upload));
    }

    /** Serial's {@code File-storage} schema: every top-level field is required. */
    private static Map<String, Object> fileStorage(String id, String name, long size, MultipartPart file, String now) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("eTag", "\"" + file.sha256().substring(0, 32) + "\"");
        metadata.put("size", size);
        metadata.put("mimetype", file.contentType());
        metadata.put("cacheControl", "max-age=3600");
        metadata.put("lastModified", now);
        metadata.put("contentLength", Long.toString(size));
        metadata.put("httpStatusCode", 200);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("id", id);
        body.put("updated_at", now);
        body.put("created_at", now);
        body.put("bucket_id", BUCKET);
        body.put("last_accessed_at", now);
        body.put("metadata", metadata);
        return body;
    }

    private boolean checkAuthorization(EmulatorRequest request) {
        Optional<String> key = UploadChecks.singleAuthorization(request, "Serial needs Bearer <api key>")
                .flatMap(header -> UploadChecks.bearer(request, header));
        if (key.isEmpty()) {
            return false;
        }
        if (!key.get().equals(apiKey)) {
            authFailures.add("upload with an API key that is not the configured one");
            return false;
        }
        return true;
    }
}
