package io.filebridge.sandbox.aymara;

import static io.filebridge.sandbox.emulator.UploadChecks.json;

import io.filebridge.sandbox.emulator.EmulatorResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Aymara's error envelope {@code {"error":{"code","message","request_id"},"request_id"}} (the inner request id is
 * the older SDK's schema), with the codes of Aymara's SDK: {@code auth.invalid_key}, {@code validation.invalid_request},
 * {@code validation.invalid_format}, {@code quota.limit_exceeded}, {@code resource.not_found},
 * {@code server.internal_error}. 413 is not among Aymara's documented statuses; the sandbox sends it for files over
 * its own limit.
 */
final class AymaraErrors {

    private AymaraErrors() {
    }

    /** {@code detail} null: a plain text for the status. */
    static EmulatorResponse error(int status, String detail) {
        return switch (status) {
            case 401 -> answer(status, "auth.invalid_key", detail, "Invalid API key or bearer token.");
            case 400 -> answer(status, "validation.invalid_request", detail, "The request is invalid.");
            case 413 -> answer(status, "validation.invalid_request", detail,
                    "The file exceeds the maximum upload size.");
            case 422 -> answer(status, "validation.invalid_format", detail, "The file cannot be processed.");
            case 404 -> answer(status, "resource.not_found", detail, "No such resource.");
            case 429 -> answer(status, "quota.limit_exceeded", detail, "Rate limit exceeded, retry later.");
            case 503 -> answer(status, "server.internal_error", detail,
                    "The service is temporarily unavailable, retry later.");
            default -> answer(status, "server.internal_error", detail, "An unexpected error occurred.");
        };
    }

    /** Aymara's answer to a request that breaks its contract. */
    static EmulatorResponse invalidRequest(String detail) {
        return answer(422, "validation.invalid_request", detail, "The request is invalid.");
    }

    static String envelope(String code, String message, String requestId) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("request_id", requestId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("request_id", requestId);
        return json(body);
    }

    private static EmulatorResponse answer(int status, String code, String detail, String usual) {
        String requestId = "req_" + UUID.randomUUID().toString().replace("-", "");
        return EmulatorResponse.json(status, envelope(code, detail == null ? usual : detail, requestId));
    }
}
