package io.filebridge.connector.phrase.translation;

/**
 * What tracking needs to finish a translation job after any restart, stored with the job in the ledger as JSON: the
 * order's parameters as given (so {@link TranslationOrder} can be rebuilt), where outputs go, and the input's names.
 */
public record JobSpec(String sourceLang, String targetLangs, String actionTypes, String mtProfileUid,
        String translationMemories, String target, String outputName, String localeMap, String relativePath,
        String fileName, String pipeline) {

    public TranslationOrder order() {
        return TranslationOrder.of(sourceLang, targetLangs, actionTypes, mtProfileUid, translationMemories,
                outputName, localeMap);
    }
}
