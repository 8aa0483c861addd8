package io.filebridge.sandbox.phrase;

import static io.filebridge.sandbox.emulator.UploadChecks.json;

import io.filebridge.sandbox.emulator.EmulatorResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Error answers of the emulated Phrase services. Phrase documents no error body for Connectors; the emulator uses
 * RFC 7807 ({@code type}, {@code title}, {@code status}, {@code detail}), the shape seen from Phrase Language AI.
 * The token endpoint answers OAuth errors ({@code error}, {@code error_description}), as Phrase's own client expects.
 */
final class PhraseErrors {

    private PhraseErrors() {
    }

    /** An RFC 7807-style body. */
    static String problem(int status, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        return json(body);
    }

    /** {@code detail} null: Phrase's usual text for the status (what file-name markers and the size limit send). */
    static EmulatorResponse error(int status, String detail) {
        return switch (status) {
            case 400 -> answer(status, "Bad Request", detail, "The request is malformed.");
            case 401 -> answer(status, "Unauthorized", detail, "Invalid or expired access token");
            case 404 -> answer(status, "Not Found", detail, "No such resource.");
            case 413 -> answer(status, "Payload Too Large", detail, "The file is larger than file storage accepts.");
            case 422 -> answer(status, "Unprocessable Entity", detail, "The file cannot be processed.");
            case 429 -> answer(status, "Too Many Requests", detail, "Rate limit exceeded.");
            case 503 -> answer(status, "Service Unavailable", detail, "The service is temporarily unavailable.");
            default -> answer(status, status >= 500 ? "Internal Server Error" : "Error", detail,
                    "HTTP " + status);
        };
    }

    static EmulatorResponse oauth(int status, String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        if (description != null) {
            body.put("error_description", description);
        }
        return EmulatorResponse.json(status, json(body));
    }

    private static EmulatorResponse answer(int status, String title, String detail, String usual) {
        return EmulatorResponse.json(status, problem(status, title, detail == null ? usual : detail));
    }
}
