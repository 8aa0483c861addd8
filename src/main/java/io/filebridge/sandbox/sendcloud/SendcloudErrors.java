package io.filebridge.sandbox.sendcloud;

import static io.filebridge.sandbox.emulator.UploadChecks.json;

import io.filebridge.sandbox.emulator.EmulatorResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sendcloud's error envelope {@code {"errors":[{"code","detail","title","status"}]}}. Texts of 400, 413, 422 and
 * 429 are the documented ones; 401, 500 and 503 are not documented, so they reuse the envelope with plain texts.
 * The token endpoint answers OAuth2 errors (RFC 6749 section 5.2).
 */
final class SendcloudErrors {

    static final String FILE_MISSING = "`file` form field is required";
    static final String NOT_A_FILE = "`file` field must contain a file object.";

    private SendcloudErrors() {
    }

    /** {@code detail} null: the documented (or a plain) text for the status. */
    static EmulatorResponse error(int status, String detail, int uploadsPerMinute) {
        return switch (status) {
            case 400 -> answer(status, "bad_request", "Bad Request", detail, FILE_MISSING);
            case 401 -> answer(status, "unauthorized", "Unauthorized", detail,
                    "Authentication credentials were not provided or are invalid: use HTTP Basic with your public"
                            + " and secret key, or an OAuth2 bearer token.");
            case 413 -> answer(status, "content_too_large", "Content Too Large", detail, "File is too large.");
            case 422 -> answer(status, "unprocessable_content", "Unprocessable Content", detail, NOT_A_FILE);
            case 429 -> answer(status, "hit_rate_limit", "Rate limit exceeded", detail,
                    "Rate limit exceeded: " + uploadsPerMinute + " per 1 minute");
            case 503 -> answer(status, "service_unavailable", "Service Unavailable", detail,
                    "The service is temporarily unavailable, please retry.");
            default -> answer(status, "internal_server_error", "Internal Server Error", detail,
                    "An unexpected error occurred.");
        };
    }

    static String envelope(int status, String code, String detail, String title) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("detail", detail);
        error.put("title", title);
        error.put("status", status);
        return json(Map.of("errors", List.of(error)));
    }

    /** RFC 6749 section 5.2; a 401 names the Basic scheme the client must use. */
    static EmulatorResponse oauth(int status, String error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", switch (error) {
            case "invalid_client" -> "Client authentication failed (e.g., unknown client, no client authentication"
                    + " included, or unsupported authentication method).";
            case "unsupported_grant_type" -> "The only grant type is client_credentials.";
            case "invalid_scope" -> "The only scope is \"api\".";
            default -> "The request is missing a required parameter or is otherwise malformed.";
        });
        EmulatorResponse response = EmulatorResponse.json(status, json(body))
                .withHeader("Cache-Control", "no-store");
        return status == 401 ? response.withHeader("WWW-Authenticate", "Basic") : response;
    }

    private static EmulatorResponse answer(int status, String code, String title, String detail, String usual) {
        return EmulatorResponse.json(status, envelope(status, code, detail == null ? usual : detail, title));
    }
}
