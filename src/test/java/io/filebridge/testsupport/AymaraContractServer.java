package io.filebridge.testsupport;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Aymara's upload ({@code POST /v2/files/-/uploads}), checked strictly: {@code x-api-key} and/or
 * {@code Authorization: Bearer}, one multipart part {@code file} with a file name and the MIME type of its extension,
 * and {@code workspace_uuid} in the query exactly when this server was told to expect one. Point filebridge's Aymara
 * base URL at {@link #baseUrl()}.
 *
 * <p>No credential at all, or a non-Bearer Authorization, is a violation; a wrong key or token is not, and is listed
 * in {@link #authFailures()}. Both get 401 in Aymara's envelope {@code {"error":{"code","message"},"request_id"}};
 * other contract breaks get 422 {@code validation.invalid_request}.
 */
public final class AymaraContractServer extends ContractServer {

    public static final String UPLOAD_PATH = "/v2/files/-/uploads";
    public static final String API_KEY = "test-aymara-api-key";
    public static final String BEARER_TOKEN = "test-aymara-bearer-token";

    /** An upload that was answered 200. {@code auth}: "x-api-key", "bearer" or "x-api-key+bearer". */
    public record Upload(String filename, String contentType, long size, String sha256, Instant arrivedAt,
            String fileUuid, String workspaceUuid, String auth) {
    }

    private final String apiKey;
    private final String bearerToken;
    private final String expectedWorkspaceUuid;
    private final List<Upload> uploads = new CopyOnWriteArrayList<>();
    private final List<String> authFailures = new CopyOnWriteArrayList<>();

    /**
     * @param expectedWorkspaceUuid the {@code workspace_uuid} every upload must carry; null: none may carry one
     */
    public AymaraContractServer(String apiKey, String bearerToken, String expectedWorkspaceUuid) {
        this.apiKey = apiKey;
        this.bearerToken = bearerToken;
        this.expectedWorkspaceUuid = expectedWorkspaceUuid;
        routeWithFaults("POST", UPLOAD_PATH, this::upload);
    }

    @Override
    public AymaraContractServer start() {
        super.start();
        return this;
    }

    public List<Upload> uploads() {
        return List.copyOf(uploads);
    }

    public List<String> authFailures() {
        return List.copyOf(authFailures);
    }

    /** Aymara's documented error envelope; the inner object carries the request id too (older SDK schema). */
    public static String aymaraError(String code, String message, String requestId) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("request_id", requestId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("request_id", requestId);
        return json(body);
    }

    /** Scripts the next upload to fail with Aymara's envelope. */
    public void respondAymaraError(int status, String code, String message, String requestId) {
        respond(status, Map.of(), aymaraError(code, message, requestId));
    }

    @Override
    protected ContractResponse answerToViolations(ContractRequest request) {
        return ContractResponse.json(422, aymaraError("validation.invalid_request",
                String.join("; ", request.violations()), requestId()));
    }

    private ContractResponse upload(ContractRequest request) throws IOException {
        Optional<String> auth = checkAuthorization(request);
        String workspace = checkQuery(request);
        Optional<MultipartPart> part = singleFilePart(request, "file");
        part.ifPresent(p -> checkMimeTypeMatchesExtension(request, p));
        if (auth.isEmpty()) {
            return ContractResponse.json(401, aymaraError("auth.invalid_key", "Invalid API key or bearer token.",
                    requestId()));
        }
        if (!request.violations().isEmpty()) {
            return answerToViolations(request);
        }
        MultipartPart file = part.orElseThrow();
        String fileUuid = UUID.randomUUID().toString();
        String remotePath = (workspace == null ? "org" : workspace) + "/" + fileUuid + "/" + file.filename();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("local_file_path", null);
        body.put("file_uuid", fileUuid);
        body.put("file_url", "https://files.example.invalid/" + remotePath + "?X-Amz-Expires=3600");
        body.put("remote_file_path", remotePath);
        Upload upload = new Upload(file.filename(), file.contentType(), file.size(), file.sha256(),
                request.arrivedAt(), fileUuid, workspace, auth.get());
        return ContractResponse.json(200, json(body)).onCommit(() -> uploads.add(upload));
    }

    /** Which credentials were sent and right, or empty (a violation or an auth failure is recorded). */
    private Optional<String> checkAuthorization(ContractRequest request) {
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
            String header = authorizations.get(0);
            if (!hasScheme(header, "Bearer")) {
                request.violation("Authorization scheme is not Bearer: " + header.split(" ", 2)[0]);
                return Optional.empty();
            }
            if (header.substring("Bearer ".length()).trim().equals(bearerToken)) {
                accepted.add("bearer");
            } else {
                authFailures.add("upload with a bearer token that is not the configured one");
                ok = false;
            }
        }
        return ok ? Optional.of(String.join("+", accepted)) : Optional.empty();
    }

    /** The workspace sent, checked against the expectation; other query parameters are violations. */
    private String checkQuery(ContractRequest request) {
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

    private static String requestId() {
        return "req_" + UUID.randomUUID().toString().replace("-", "");
    }
}
