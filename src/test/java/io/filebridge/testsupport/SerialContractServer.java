package io.filebridge.testsupport;

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
 * breaks get 400 with a short JSON text (Serial documents no 400). Answers 200 with the {@code File-storage} shape.
 */
public final class SerialContractServer extends ContractServer {

    public static final String UPLOAD_PATH = "/files";
    public static final String API_KEY = "test-serial-api-key";

    /** An upload that was answered 200: {@code id} and {@code name} are what the receipt should carry. */
    public record Upload(String filename, String contentType, long size, String sha256, Instant arrivedAt, String id,
            String name) {
    }

    private final String apiKey;
    private final List<Upload> uploads = new CopyOnWriteArrayList<>();
    private final List<String> authFailures = new CopyOnWriteArrayList<>();
    private final AtomicReference<Long> misreportedSize = new AtomicReference<>();

    public SerialContractServer() {
        this(API_KEY);
    }

    public SerialContractServer(String apiKey) {
        this.apiKey = apiKey;
        routeWithFaults("POST", UPLOAD_PATH, this::upload);
    }

    @Override
    public SerialContractServer start() {
        super.start();
        return this;
    }

    public List<Upload> uploads() {
        return List.copyOf(uploads);
    }

    public List<String> authFailures() {
        return List.copyOf(authFailures);
    }

    /** The next accepted upload is stored, but its answer reports this size (a truncated or padded object). */
    public void misreportNextSize(long size) {
        misreportedSize.set(size);
    }

    @Override
    protected ContractResponse answerToViolations(ContractRequest request) {
        return ContractResponse.json(400, json(Map.of("message", String.join("; ", request.violations()))));
    }

    private ContractResponse upload(ContractRequest request) throws IOException {
        boolean authorized = checkAuthorization(request);
        if (request.query() != null) {
            request.violation("unexpected query " + request.query() + " (Serial's upload takes none)");
        }
        Optional<MultipartPart> part = singleFilePart(request, "file");
        part.ifPresent(p -> checkMimeTypeMatchesExtension(request, p));
        if (!authorized) {
            return new ContractResponse(401, Map.of(), new byte[0], () -> { });
        }
        if (!request.violations().isEmpty()) {
            return answerToViolations(request);
        }
        MultipartPart file = part.orElseThrow();
        String id = UUID.randomUUID().toString();
        String name = id + "/" + file.filename();
        Long reported = misreportedSize.getAndSet(null);
        long size = reported == null ? file.size() : reported;
        String now = Instant.now().toString();
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
        body.put("bucket_id", "files");
        body.put("last_accessed_at", now);
        body.put("metadata", metadata);
        Upload upload = new Upload(file.filename(), file.contentType(), file.size(), file.sha256(),
                request.arrivedAt(), id, name);
        return ContractResponse.json(200, json(body)).onCommit(() -> uploads.add(upload));
    }

    private boolean checkAuthorization(ContractRequest request) {
        List<String> values = request.headers("Authorization");
        if (values.size() != 1) {
            request.violation(values.isEmpty() ? "no Authorization header (Serial needs Bearer <api key>)"
                    : "more than one Authorization header");
            return false;
        }
        String header = values.get(0);
        if (!hasScheme(header, "Bearer")) {
            request.violation("Authorization scheme is not Bearer: " + header.split(" ", 2)[0]);
            return false;
        }
        String key = header.substring("Bearer ".length()).trim();
        if (!key.equals(apiKey)) {
            authFailures.add("upload with an API key that is not the configured one");
            return false;
        }
        return true;
    }
}
