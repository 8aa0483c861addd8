package io.filebridge.sandbox.aymara;

import io.filebridge.sandbox.FaultInjector.InjectedFault;
import io.filebridge.sandbox.JsonResponses;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/**
 * Aymara's error envelope {@code {"error":{"code","message","request_id"},"request_id"}}, with the codes of Aymara's
 * (older) SDK: {@code auth.invalid_key}, {@code validation.invalid_request}, {@code validation.invalid_format},
 * {@code quota.limit_exceeded}, {@code resource.not_found}, {@code server.internal_error}. 413 is not among Aymara's
 * documented statuses; the emulator sends it for files over its own limit.
 */
final class AymaraErrors {

    private AymaraErrors() {
    }

    static ResponseEntity<Object> unauthorized(String message) {
        return error(401, "auth.invalid_key", message, new HttpHeaders());
    }

    static ResponseEntity<Object> invalidRequest(int status, String message) {
        return error(status, "validation.invalid_request", message, new HttpHeaders());
    }

    static ResponseEntity<Object> invalidFormat(String message) {
        return error(422, "validation.invalid_format", message, new HttpHeaders());
    }

    static ResponseEntity<Object> notFound(String message) {
        return error(404, "resource.not_found", message, new HttpHeaders());
    }

    static ResponseEntity<Object> tooLarge() {
        return invalidRequest(413, "The file exceeds the maximum upload size.");
    }

    static ResponseEntity<Object> injected(InjectedFault fault) {
        HttpHeaders headers = fault.retryAfter().map(JsonResponses::retryAfter).orElseGet(HttpHeaders::new);
        return switch (fault.status()) {
            case 400 -> invalidRequest(400, "The request is invalid (injected by a [fail-400] file name marker).");
            case 401 -> unauthorized("The API key is invalid (injected by a [fail-401] file name marker).");
            case 413 -> tooLarge();
            case 422 -> invalidFormat("The file cannot be processed (injected by a [fail-422] file name marker).");
            case 429 -> error(429, "quota.limit_exceeded", "Rate limit exceeded, retry later.", headers);
            case 503 -> error(503, "server.internal_error", "The service is temporarily unavailable, retry later.",
                    headers);
            default -> error(fault.status(), "server.internal_error", "An unexpected error occurred.", headers);
        };
    }

    private static ResponseEntity<Object> error(int status, String code, String message, HttpHeaders headers) {
        String requestId = "req_" + UUID.randomUUID().toString().replace("-", "");
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("request_id", requestId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("request_id", requestId);
        return JsonResponses.json(status, body, headers);
    }
}
