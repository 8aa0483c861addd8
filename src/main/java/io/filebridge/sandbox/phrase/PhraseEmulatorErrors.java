package io.filebridge.sandbox.phrase;

import io.filebridge.sandbox.emulator.FileNameMarkers.InjectedFault;
import io.filebridge.sandbox.JsonResponses;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/**
 * Error answers of the emulated Phrase services. Phrase documents no error body for Connectors; the emulator uses
 * RFC 7807 ({@code type}, {@code title}, {@code status}, {@code detail}), the shape seen from Phrase Language AI.
 * The token endpoint answers OAuth errors ({@code error}, {@code error_description}), as Phrase's own client expects.
 */
final class PhraseEmulatorErrors {

    private PhraseEmulatorErrors() {
    }

    static ResponseEntity<Object> problem(int status, String title, String detail) {
        return problem(status, title, detail, new HttpHeaders());
    }

    static ResponseEntity<Object> problem(int status, String title, String detail, HttpHeaders headers) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        return JsonResponses.json(status, body, headers);
    }

    static ResponseEntity<Object> unauthorized(String detail) {
        return problem(401, "Unauthorized", detail);
    }

    static ResponseEntity<Object> tooLarge() {
        return problem(413, "Payload Too Large", "The file is larger than file storage accepts.");
    }

    static ResponseEntity<Object> injected(InjectedFault fault) {
        String marker = " (injected by a file name marker)";
        return switch (fault.status()) {
            case 400 -> problem(400, "Bad Request", "The request is malformed" + marker + ".");
            case 401 -> unauthorized("The access token is invalid or expired" + marker + ".");
            case 413 -> tooLarge();
            case 422 -> problem(422, "Unprocessable Entity", "The file cannot be processed" + marker + ".");
            case 429 -> problem(429, "Too Many Requests", "Rate limit exceeded" + marker + ".",
                    fault.retryAfter().map(JsonResponses::retryAfter).orElseGet(HttpHeaders::new));
            case 503 -> problem(503, "Service Unavailable", "File storage is temporarily unavailable" + marker + ".");
            default -> problem(fault.status(), "Internal Server Error", "An unexpected error occurred" + marker + ".");
        };
    }
}
