package io.filebridge.connector.phrase.translation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.filebridge.ledger.JobLedger.ExpectedOutput;

/**
 * What a translation pipeline orders from Phrase Language AI, from the {@code phrase-translate-action} Kamelet's
 * parameters, checked once when the pipeline starts: every message names the parameter, so a typo is found before
 * the first file rather than after a vendor refusal.
 *
 * @param translationMemories per target language code, the translation memory uids to use
 */
public record TranslationOrder(LanguageCode sourceLang, List<LanguageCode> targetLangs, List<ActionType> actionTypes,
        String mtProfileUid, Map<String, List<String>> translationMemories, OutputName outputName) {

    public static TranslationOrder of(String sourceLang, String targetLangs, String actionTypes, String mtProfileUid,
            String translationMemories, String outputName, String localeMap) {
        LanguageCode source = parameter("sourceLang", () -> LanguageCode.parse(sourceLang));
        List<LanguageCode> targets = parameter("targetLangs", () -> uniqueList(targetLangs, LanguageCode::parse));
        List<ActionType> actions = parameter("actionTypes", () -> uniqueList(
                actionTypes == null || actionTypes.isBlank() ? ActionType.MT_GENERIC_PRETRANSLATE.name() : actionTypes,
                ActionType::parse));
        Map<String, List<String>> memories = parameter("translationMemories",
                () -> memories(translationMemories, targets));
        OutputName names = parameter("outputName/localeMap",
                () -> new OutputName(outputName, OutputName.parseLocaleMap(localeMap)));
        String profile = mtProfileUid == null || mtProfileUid.isBlank() ? null : mtProfileUid.strip();
        return new TranslationOrder(source, targets, actions, profile, memories, names);
    }

    /** Every problem with these parameters, each naming its parameter (for checks at pipeline start). */
    public static List<String> problems(String sourceLang, String targetLangs, String actionTypes,
            String translationMemories, String outputName, String localeMap) {
        List<String> problems = new ArrayList<>();
        List<Runnable> checks = List.of(
                () -> parameter("sourceLang", () -> LanguageCode.parse(sourceLang)),
                () -> parameter("targetLangs", () -> uniqueList(targetLangs, LanguageCode::parse)),
                () -> parameter("actionTypes", () -> actionTypes == null || actionTypes.isBlank() ? null
                        : uniqueList(actionTypes, ActionType::parse)),
                () -> parameter("outputName/localeMap",
                        () -> new OutputName(outputName, OutputName.parseLocaleMap(localeMap))),
                () -> of(sourceLang, targetLangs, actionTypes, null, translationMemories, outputName, localeMap));
        for (Runnable check : checks) {
            try {
                check.run();
            } catch (IllegalArgumentException e) {
                if (!problems.contains(e.getMessage())) {
                    problems.add(e.getMessage());
                }
            }
        }
        return problems;
    }

    /** Phrase's {@code FileTranslationsMetadataV1} for this order. */
    public ObjectNode metadata(ObjectMapper json, String callbackUrl) {
        ObjectNode metadata = json.createObjectNode();
        metadata.putObject("sourceLang").put("code", sourceLang.code());
        ArrayNode targets = metadata.putArray("targetLangs");
        targetLangs.forEach(t -> targets.addObject().put("code", t.code()));
        ArrayNode actions = metadata.putArray("actionTypes");
        actionTypes.forEach(a -> actions.add(a.name()));
        if (callbackUrl != null) {
            metadata.put("callbackUrl", callbackUrl);
        }
        if (mtProfileUid != null) {
            ObjectNode mt = metadata.putObject("mtSettings");
            mt.put("usePhraseMTSettings", true);
            mt.putObject("profile").put("uid", mtProfileUid);
        }
        if (!translationMemories.isEmpty()) {
            ArrayNode configs = metadata.putArray("transMemoriesConfig");
            translationMemories.forEach((lang, uids) -> {
                ObjectNode config = configs.addObject();
                // a LanguageV1 object in the schema, like sourceLang and targetLangs, never a bare code
                config.putObject("targetLang").put("code", lang);
                ArrayNode tms = config.putArray("transMemories");
                uids.forEach(uid -> tms.addObject().putObject("transMemory").put("uid", uid));
            });
        }
        return metadata;
    }

    /**
     * One output per requested action and target language, in a stable order: a file per action, and for
     * {@code QUALITY_ESTIMATION} its score. Phrase says QE alone translates and scores, so without
     * {@code MT_GENERIC_PRETRANSLATE} each language's file comes from the QE endpoint, beside its score; with both,
     * the file comes from MT and QE gives only the score.
     */
    public List<ExpectedOutput> expectedOutputs() {
        boolean fileFromQualityEstimation = actionTypes.contains(ActionType.QUALITY_ESTIMATION)
                && !actionTypes.contains(ActionType.MT_GENERIC_PRETRANSLATE);
        List<ExpectedOutput> outputs = new ArrayList<>();
        for (ActionType action : actionTypes) {
            if (action != ActionType.QUALITY_ESTIMATION) {
                add(outputs, OutputKind.file(action));
                continue;
            }
            if (fileFromQualityEstimation) {
                add(outputs, OutputKind.file(action));
            }
            add(outputs, OutputKind.QUALITY_SCORE);
        }
        return outputs;
    }

    private void add(List<ExpectedOutput> outputs, OutputKind kind) {
        for (LanguageCode target : targetLangs) {
            outputs.add(new ExpectedOutput(kind.ledgerName(), target.code()));
        }
    }

    /**
     * The outputs to wait for once {@code sent} (this order, or a retry's part of it from {@link #onlyFor}) is
     * submitted: those of its outputs that this, the pipeline's full order, has. A QE score retried on its own is
     * sent as QUALITY_ESTIMATION alone, whose file this order took from MT_GENERIC_PRETRANSLATE: it is not fetched.
     */
    public List<ExpectedOutput> expectedFrom(TranslationOrder sent) {
        List<ExpectedOutput> full = expectedOutputs();
        return sent.expectedOutputs().stream().filter(full::contains).toList();
    }

    /**
     * This order narrowed to what a retry must ask for again: the target languages and action types of the given
     * outputs. Phrase orders every action for every language, so when the outputs do not form a full grid (cs
     * failed for one action, de for another) a little more is ordered than needed; tracking fetches only the
     * outputs still pending, so nothing delivered is fetched again. Translation memories follow their languages.
     */
    public TranslationOrder onlyFor(java.util.Collection<ExpectedOutput> outputs) {
        java.util.Set<String> languages = new java.util.HashSet<>();
        java.util.Set<String> actions = new java.util.HashSet<>();
        outputs.forEach(o -> {
            languages.add(o.targetLang());
            actions.add(OutputKind.ofLedger(o.actionType()).action().name());
        });
        List<LanguageCode> targets = targetLangs.stream().filter(t -> languages.contains(t.code())).toList();
        List<ActionType> kinds = actionTypes.stream().filter(a -> actions.contains(a.name())).toList();
        if (targets.isEmpty() || kinds.isEmpty()) {
            throw new IllegalArgumentException("none of " + outputs + " is part of this order");
        }
        Map<String, List<String>> memories = new LinkedHashMap<>(translationMemories);
        memories.keySet().retainAll(languages);
        return new TranslationOrder(sourceLang, targets, kinds, mtProfileUid, memories, outputName);
    }

    private static <T> List<T> uniqueList(String raw, java.util.function.Function<String, T> parse) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("is required (a comma-separated list)");
        }
        LinkedHashSet<T> values = new LinkedHashSet<>();
        for (String item : raw.split(",")) {
            if (!item.isBlank() && !values.add(parse.apply(item.strip()))) {
                throw new IllegalArgumentException("'" + item.strip() + "' is listed twice");
            }
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException("is required (a comma-separated list)");
        }
        return List.copyOf(values);
    }

    /** {@code cs:TM1|TM2,de:TM3}: memories per target language, which must be one of the targets. */
    private static Map<String, List<String>> memories(String raw, List<LanguageCode> targets) {
        Map<String, List<String>> memories = new LinkedHashMap<>();
        if (raw == null || raw.isBlank()) {
            return memories;
        }
        for (String entry : raw.split(",")) {
            String[] kv = entry.split(":", 2);
            if (kv.length != 2 || kv[1].isBlank()) {
                throw new IllegalArgumentException("'" + entry.strip() + "' is not lang:uid|uid (e.g. cs:tm-uid)");
            }
            LanguageCode lang = LanguageCode.parse(kv[0]);
            if (!targets.contains(lang)) {
                throw new IllegalArgumentException("'" + lang + "' is not one of the targetLangs");
            }
            memories.put(lang.code(), List.of(kv[1].strip().split("\\s*\\|\\s*")));
        }
        return memories;
    }

    private static <T> T parameter(String name, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("phrase-translate-action parameter " + name + ": " + e.getMessage(), e);
        }
    }
}
