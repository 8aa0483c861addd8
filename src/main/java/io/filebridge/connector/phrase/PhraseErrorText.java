package io.filebridge.connector.phrase;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.connector.HttpAnswer;

/**
 * Phrase's error text, read leniently: Phrase documents no error body for these APIs, and its services answer in
 * several shapes: OAuth ({@code error}, {@code error_description}), RFC 7807 ({@code title}, {@code detail}), Spring
 * ({@code error}, {@code message}), TMS ({@code errorCode}, {@code errorDescription}). Anything else is shown raw.
 */
public final class PhraseErrorText {

    private static final int MAX_RAW = 500;
    private static final String[] FIELDS = {"errorCode", "error", "title", "error_description", "errorDescription",
        "detail", "message"};

    private PhraseErrorText() {
    }

    public static String of(ObjectMapper json, HttpAnswer answer) {
        String raw = answer.body().strip();
        try {
            JsonNode body = json.readTree(raw);
            if (body != null && body.isObject()) {
                List<String> parts = new ArrayList<>();
                for (String field : FIELDS) {
                    JsonNode value = body.path(field);
                    if (value.isValueNode() && !value.asText().isBlank() && !parts.contains(value.asText())) {
                        parts.add(value.asText().strip());
                    }
                }
                if (!parts.isEmpty()) {
                    return cap(String.join(": ", parts));
                }
            }
        } catch (Exception notJson) {
            // fall through: show the raw text
        }
        return cap(raw);
    }

    private static String cap(String text) {
        return text.length() > MAX_RAW ? text.substring(0, MAX_RAW) + "..." : text;
    }
}
