package io.filebridge.sandbox.phrase;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.filebridge.connector.phrase.translation.ActionType;
import io.filebridge.connector.phrase.translation.LanguageCode;

/**
 * Checks a Language AI {@code FileTranslationsMetadataV1} the way the emulator's vendor would: {@code sourceLang} and
 * every {@code targetLangs[]} a {@link LanguageCode} object, {@code targetLangs} and {@code actionTypes} non-empty
 * and unique, action types from {@link ActionType}, {@code callbackUrl} an absolute http(s) URI, and the shapes of
 * {@code mtSettings} and {@code transMemoriesConfig}. Unknown fields are ignored, as a lenient JSON binder would.
 */
final class LanguageAiMetadata {

    private LanguageAiMetadata() {
    }

    /** Readable problems, empty when the metadata is valid. */
    static List<String> problems(JsonNode metadata) {
        List<String> problems = new ArrayList<>();
        if (metadata == null || !metadata.isObject()) {
            problems.add("metadata must be a JSON object.");
            return problems;
        }
        language(metadata.get("sourceLang"), "sourceLang", problems);
        unique(metadata.get("targetLangs"), "targetLangs", problems, (item, where) -> {
            language(item, where, problems);
            return item.path("code").asText();
        });
        unique(metadata.get("actionTypes"), "actionTypes", problems, (item, where) -> {
            if (!item.isTextual() || !item.asText().equals(item.asText().strip())) {
                problems.add(where + " must be one of CONVERTER_IMPORT, FILE_IMPORT, MT_GENERIC_PRETRANSLATE,"
                        + " QUALITY_ESTIMATION.");
                return null;
            }
            try {
                return ActionType.parse(item.asText()).name();
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage() + ".");
                return null;
            }
        });
        if (metadata.has("callbackUrl") && callbackUrl(metadata).isEmpty()) {
            problems.add("callbackUrl must be an absolute http(s) URI.");
        }
        JsonNode mt = metadata.get("mtSettings");
        if (mt != null && !mt.isNull()) {
            if (!mt.isObject()) {
                problems.add("mtSettings must be an object.");
            } else {
                if (mt.has("usePhraseMTSettings") && !mt.get("usePhraseMTSettings").isBoolean()) {
                    problems.add("mtSettings.usePhraseMTSettings must be a boolean.");
                }
                if (mt.has("profile") && !mt.get("profile").path("uid").isTextual()) {
                    problems.add("mtSettings.profile.uid is required.");
                }
            }
        }
        JsonNode tms = metadata.get("transMemoriesConfig");
        if (tms != null && !tms.isNull()) {
            transMemories(tms, problems);
        }
        return problems;
    }

    /** The callback URL of valid metadata, if it has one. */
    static Optional<URI> callbackUrl(JsonNode metadata) {
        JsonNode value = metadata.get("callbackUrl");
        if (value == null || !value.isTextual()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value.asText());
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            return http && uri.isAbsolute() && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private interface ItemCheck {
        /** The item's identity for the uniqueness check, null when it is invalid. */
        String check(JsonNode item, String where);
    }

    private static void unique(JsonNode array, String name, List<String> problems, ItemCheck check) {
        if (array == null || !array.isArray() || array.isEmpty()) {
            problems.add(name + " must be a non-empty array.");
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String key = check.check(array.get(i), name + "[" + i + "]");
            if (key != null && !seen.add(key)) {
                problems.add(name + " must not repeat " + key + ".");
            }
        }
    }

    private static void language(JsonNode language, String where, List<String> problems) {
        if (language == null || !language.isObject() || !language.path("code").isTextual()) {
            problems.add(where + " must be an object with a code.");
            return;
        }
        String code = language.get("code").asText();
        try {
            if (!code.equals(code.strip())) {
                throw new IllegalArgumentException("'" + code + "' has surrounding white space");
            }
            LanguageCode.parse(code);
        } catch (IllegalArgumentException e) {
            problems.add(where + ".code: " + e.getMessage() + ".");
        }
    }

    private static void transMemories(JsonNode configs, List<String> problems) {
        if (!configs.isArray()) {
            problems.add("transMemoriesConfig must be an array.");
            return;
        }
        for (int i = 0; i < configs.size(); i++) {
            JsonNode config = configs.get(i);
            String where = "transMemoriesConfig[" + i + "]";
            if (!config.isObject()) {
                problems.add(where + " must be an object.");
                continue;
            }
            if (config.has("targetLang")) {
                language(config.get("targetLang"), where + ".targetLang", problems);
            }
            JsonNode memories = config.get("transMemories");
            if (memories == null || memories.isNull()) {
                continue;
            }
            if (!memories.isArray()) {
                problems.add(where + ".transMemories must be an array.");
                continue;
            }
            for (int j = 0; j < memories.size(); j++) {
                JsonNode memory = memories.get(j);
                String at = where + ".transMemories[" + j + "]";
                if (!memory.isObject()) {
                    problems.add(at + " must be an object.");
                    continue;
                }
                if (memory.has("transMemory") && !memory.get("transMemory").path("uid").isTextual()) {
                    problems.add(at + ".transMemory.uid is required.");
                }
                for (String locale : List.of("tmSourceLocale", "tmTargetLocale")) {
                    if (memory.has(locale)) {
                        language(memory.get(locale), at + "." + locale, problems);
                    }
                }
            }
        }
    }
}
