package io.filebridge.sandbox.aymara;

import static io.filebridge.sandbox.emulator.UploadChecks.json;
import static io.filebridge.sandbox.emulator.UploadChecks.quoted;

import io.filebridge.sandbox.emulator.EmulatorRequest;
import io.filebridge.sandbox.emulator.EmulatorResponse;
import io.filebridge.sandbox.emulator.EmulatorServer;
import io.filebridge.sandbox.emulator.MultipartPart;
import io.filebridge.sandbox.emulator.Records;
import io.filebridge.sandbox.emulator.UploadChecks;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Aymara's upload ({@code POST /v2/files/-/uploads}), checked strictly: {@code x-api-key} and/or
 * {@code Authorization: Bearer} (either is enough; every one sent must be right), one multipart part {@code file}
 * with a file name and the MIME type of its extension, and {@code workspace_uuid} in the query exactly when this
 * emulator was told to expect one. Point filebridge's Aymara base URL at {@link #baseUrl()}.
 *
 * <p>No credential at all, or a non-Bearer Authorization, is a violation; a wrong key or token is not, and is listed
 * in {@link #authFailures()}. Both get 401 in Aymara's envelope; other contract breaks get 422
 * {@code validation.invalid_request} (see {@link AymaraErrors}), or {@code validation.invalid_format} when the
 * {@code workspace_uuid} sent is not a UUID at all.
 */
public final class AymaraEmulator extends EmulatorServer {

    public static final String UPLOAD_PATH = "/v2/files/-/uploads";
    public static final String API_KEY = "test-aymara-api-key";
    public static final String BEARER_TOKEN = "test-aymara-bearer-token";

    private final String apiKey;
    private final String bearerToken;
    private final String expectedWorkspaceUuid;
    private volatile Records<AymaraUpload> uploads = Records.unbounded();
    private final List<String> authFailures = new CopyOnWriteArrayList<>();

    /**
     * @param bearerToken the accepted bearer token; null: none is accepted
     * @param expectedWorkspaceUuid the {@code workspace_uuid} every upload must carry; null: none may carry one
     */
    public AymaraEmulator(String apiKey, String bearerToken, String expectedWorkspaceUuid) {
        this.apiKey = apiKey;
        this.bearerToken = bearerToken;
        this.expectedWorkspaceUuid = expectedWorkspaceUuid;
        routeWithFaults("POST", UPLOAD_PATH, this::upload);
    }

    @Override
    public AymaraEmulator start() {
        super.start();
        return this;
    }

    @Override
    public AymaraEmulator keepLast(int count) {
        super.keepLast(count);
        uploads = new Records<>(count);
        return this;
    }

    /** Accepted uploads, oldest first. */
    public List<AymaraUpload> uploads() {
        return uploads.oldestFirst();
    }

    public List<String> authFailures() {
        return List.copyOf(authFailures);
    }

    /** Aymara's documented error envelope. */
    public static String aymaraError(String code, String message, String requestId) {
        return AymaraErrors.envelope(code, message, requestId);
    }

    /** Scripts the next upload to fail with Aymara's envelope. */
    public void respondAymaraError(int status, String code, String message, String requestId) {
        respond(status, Map.of(), aymaraError(code, message, requestId));
    }

    @Override
    public EmulatorResponse error(int status, String detail) {
        return AymaraErrors.error(status, detail);
    }

    @Override
    protected EmulatorResponse answerToViolations(EmulatorRequest request) {
        return AymaraErrors.invalidRequest(String.join("; ", request.violations()));
    }

    private EmulatorResponse upload(EmulatorRequest request) throws IOException {
        Optional<String> auth = checkAuthorization(request);
        String workspace = checkQuery(request);
        Optional<MultipartPart> part = UploadChecks.singleFilePart(request, "file").part();
        if (auth.isEmpty()) {
            return error(401, null);
        }
        if (!request.violations().isEmpty()) {
            // a workspace_uuid that is no UUID at all is a format error to Aymara, as it was to the old sandbox
            return workspace != null && !isUuid(workspace)
                    ? error(422, "workspace_uuid is not a valid UUID: " + workspace + "; "
                            + String.join("; ", request.violations()))
                    : answerToViolations(request);
        }
        MultipartPart file = part.orElseThrow();
        String fileUuid = UUID.randomUUID().toString();
        String remotePath = (workspace == null ? "org" : workspace) + "/" + fileUuid + "/" + file.filename();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("local_file_path", file.filename());
        body.put("file_uuid", fileUuid);
        body.put("file_url", "https://files.example.invalid/" + remotePath + "?X-Amz-Expires=3600");
        body.put("remote_file_path", remotePath);
        body.put("content_type", file.contentType());
        body.put("processing_status", "completed");
        body.put("remote_uri", "s3://aymara-sandbox/" + remotePath);
        AymaraUpload upload = new AymaraUpload(file.filename(), file.contentType(), file.size(), file.sha256(),
                request.arrivedAt(), fileUuid, workspace, auth.get());
        return EmulatorResponse.json(200, json(body)).onCommit(() -> uploads.add(upload));
    }

    /** Which credentials were sent and right ("x-api-key", "bearer" or both joined by "+"), or empty. */
    private Optional<String> checkAuthorization(EmulatorRequest request) {
        List<String> keys = request.headers("x-api-key");
        List<String> authorizations = request.headers("Authorization");
        if (keys.isEmpty() && authorizations.isEmpty()) {
            request.violation("neither x-api-key nor Authorization (Aymara needs at least one)");
            return Optional.empty();
        }
        if (keys.size() > 1 || authorizations.size() > 1) {
            request.violation("more than one x-api-key or Authorization header");
            return Optional.empty();
        }
        List<String> accepted = new ArrayList<>();
        boolean ok = true;
        if (!keys.isEmpty()) {
            if (keys.get(0).equals(apiKey)) {
                accepted.add("x-api-key");
            } else {
                authFailures.add("upload with an x-api-key that is not the configured one");
                ok = false;
            }
        }
        if (!authorizations.isEmpty()) {
            Optional<String> token = UploadChecks.bearer(request, authorizations.get(0));
            if (token.isEmpty()) {
                return Optional.empty();
            }
            if (token.get().equals(bearerToken)) {
                accepted.add("bearer");
            } else {
                authFailures.add("upload with a bearer token that is not the configured one");
                ok = false;
            }
        }
        return ok ? Optional.of(String.join("+", accepted)) : Optional.empty();
    }

    private static boolean isUuid(String value) {
        try {
            return UUID.fromString(value).toString().equalsIgnoreCase(value);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The workspace sent, checked against the expectation; other query parameters are violations. */
    private String checkQuery(EmulatorRequest request) {
        String workspace = null;
        if (request.query() != null) {
            for (String pair : request.query().split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (name.equals("workspace_uuid") && workspace == null) {
                    workspace = value;
                } else {
                    request.violation("unexpected query parameter " + quoted(name));
                }
            }
        }
        if (expectedWorkspaceUuid == null && workspace != null) {
            request.violation("workspace_uuid " + quoted(workspace) + " sent, but none is configured");
        } else if (expectedWorkspaceUuid != null && !expectedWorkspaceUuid.equals(workspace)) {
            request.violation("workspace_uuid is " + quoted(workspace) + ", expected " + quoted(expectedWorkspaceUuid));
        }
        return workspace;
    }
}
