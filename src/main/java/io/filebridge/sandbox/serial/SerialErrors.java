package io.filebridge.sandbox.serial;

import io.filebridge.sandbox.FaultInjector.InjectedFault;
import io.filebridge.sandbox.JsonResponses;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;

/**
 * Serial documents 401 and 500 without a body schema: the emulator sends them without a body. Other statuses are not
 * documented at all; the emulator answers them with a small JSON {@code {"error", "message"}} so a person can see why.
 */
final class SerialErrors {

    private SerialErrors() {
    }

    static ResponseEntity<Object> unauthorized() {
        return ResponseEntity.status(401).build();
    }

    static ResponseEntity<Object> badRequest(String message) {
        return error(400, "Bad Request", message, new HttpHeaders());
    }

    static ResponseEntity<Object> tooLarge() {
        return error(413, "Payload Too Large", "The file exceeds the maximum allowed size.", new HttpHeaders());
    }

    static ResponseEntity<Object> injected(InjectedFault fault) {
        HttpHeaders headers = fault.retryAfter().map(JsonResponses::retryAfter).orElseGet(HttpHeaders::new);
        return switch (fault.status()) {
            case 400 -> badRequest("The request is malformed (injected by a [fail-400] file name marker).");
            case 401 -> unauthorized();
            case 413 -> tooLarge();
            case 422 -> error(422, "Unprocessable Entity", "The file cannot be processed.", headers);
            case 429 -> error(429, "Too Many Requests", "Too many requests, please retry later.", headers);
            case 503 -> error(503, "Service Unavailable", "The service is temporarily unavailable.", headers);
            default -> ResponseEntity.status(HttpStatusCode.valueOf(fault.status())).headers(headers).build();
        };
    }

    private static ResponseEntity<Object> error(int status, String error, String message, HttpHeaders headers) {
        return JsonResponses.json(status, Map.of("error", error, "message", message), headers);
    }
}
