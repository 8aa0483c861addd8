package io.filebridge.connector.phrase.translation;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A job's state as Phrase reports it ({@code FileTranslationsResponseV1}, from the status endpoint or a callback):
 * there is no overall status, only one per result, per action and target language ({@code RUNNING | OK | ERROR}).
 * The job is finished when no result is RUNNING.
 */
public record TranslationStatus(String uid, Map<Key, Result> results, JsonNode body) {

    /** One expected output: an action for a target language. */
    public record Key(ActionType action, String targetLang) {
    }

    public enum Result { RUNNING, OK, ERROR }

    public static TranslationStatus read(JsonNode body) {
        String uid = body.path("uid").asText("");
        if (uid.isBlank()) {
            throw new IllegalArgumentException("a file-translations answer without uid");
        }
        Map<Key, Result> results = new LinkedHashMap<>();
        for (JsonNode action : body.path("actions")) {
            ActionType type = ActionType.parse(action.path("actionType").asText(""));
            for (JsonNode result : action.path("results")) {
                String lang = result.path("targetLang").asText("");
                String status = result.path("status").asText("RUNNING");
                // an unknown status is not a failure we can report; keep waiting (the age limit ends it)
                Result r = switch (status) {
                    case "OK" -> Result.OK;
                    case "ERROR" -> Result.ERROR;
                    default -> Result.RUNNING;
                };
                results.put(new Key(type, lang), r);
            }
        }
        return new TranslationStatus(uid, results, body);
    }

    public Result resultOf(Key key) {
        return results.getOrDefault(key, Result.RUNNING);
    }
}
