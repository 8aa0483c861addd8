package io.filebridge.sandbox.sendcloud;

import io.filebridge.sandbox.FaultInjector.InjectedFault;
import io.filebridge.sandbox.JsonResponses;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/**
 * Sendcloud's error envelope {@code {"errors":[{"code","detail","title","status"}]}}. Texts of 400, 413, 422 and
 * 429 are the documented ones; 401, 500 and 503 are not documented, so they reuse the envelope with plain texts.
 */
final class SendcloudErrors {

    private SendcloudErrors() {
    }

    static ResponseEntity<Object> fileMissing() {
        return error(400, "bad_request", "Bad Request", "`file` form field is required");
    }

    static ResponseEntity<Object> unauthorized(String detail) {
        return error(401, "unauthorized", "Unauthorized", detail);
    }

    static ResponseEntity<Object> tooLarge() {
        return error(413, "content_too_large", "Content Too Large", "File is too large.");
    }

    static ResponseEntity<Object> notAFile() {
        return error(422, "unprocessable_content", "Unprocessable Content", "`file` field must contain a file object.");
    }

    static ResponseEntity<Object> rateLimited(int uploadsPerMinute, HttpHeaders headers) {
        return error(429, "hit_rate_limit", "Rate limit exceeded",
                "Rate limit exceeded: " + uploadsPerMinute + " per 1 minute", headers);
    }

    static ResponseEntity<Object> injected(InjectedFault fault, int uploadsPerMinute) {
        return switch (fault.status()) {
            case 400 -> fileMissing();
            case 401 -> unauthorized("Invalid credentials (injected by a [fail-401] file name marker).");
            case 413 -> tooLarge();
            case 422 -> notAFile();
            case 429 -> rateLimited(uploadsPerMinute,
                    fault.retryAfter().map(JsonResponses::retryAfter).orElseGet(HttpHeaders::new));
            case 503 -> error(503, "service_unavailable", "Service Unavailable",
                    "The service is temporarily unavailable, please retry.");
            default -> error(fault.status(), "internal_server_error", "Internal Server Error",
                    "An unexpected error occurred.");
        };
    }

    private static ResponseEntity<Object> error(int status, String code, String title, String detail) {
        return error(status, code, title, detail, new HttpHeaders());
    }

    private static ResponseEntity<Object> error(int status, String code, String title, String detail,
            HttpHeaders headers) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("detail", detail);
        error.put("title", title);
        error.put("status", status);
        return JsonResponses.json(status, Map.of("errors", List.of(error)), headers);
    }
}
