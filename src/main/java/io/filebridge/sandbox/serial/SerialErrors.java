package io.filebridge.sandbox.serial;

import static io.filebridge.sandbox.emulator.UploadChecks.json;

import io.filebridge.sandbox.emulator.EmulatorResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serial documents 401 and 500 without a body schema: the emulator sends them without a body. Other statuses are not
 * documented at all; the emulator answers them with a small JSON {@code {"error", "message"}} so a person can see why.
 */
final class SerialErrors {

    private SerialErrors() {
    }

    /** {@code detail} null: a plain text for the status. */
    static EmulatorResponse error(int status, String detail) {
        return switch (status) {
            case 401, 500 -> new EmulatorResponse(status, Map.of(), new byte[0], () -> { });
            case 400 -> answer(status, "Bad Request", detail, "The request is malformed.");
            case 413 -> answer(status, "Payload Too Large", detail, "The file exceeds the maximum allowed size.");
            case 422 -> answer(status, "Unprocessable Entity", detail, "The file cannot be processed.");
            case 429 -> answer(status, "Too Many Requests", detail, "Too many requests, please retry later.");
            case 503 -> answer(status, "Service Unavailable", detail, "The service is temporarily unavailable.");
            default -> answer(status, "Error", detail, "An unexpected error occurred.");
        };
    }

    private static EmulatorResponse answer(int status, String error, String detail, String usual) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", detail == null ? usual : detail);
        return EmulatorResponse.json(status, json(body));
    }
}
