package io.filebridge.translation;

import java.util.Map;

import org.apache.camel.support.DefaultComponent;

/**
 * The options of a translation step, as the {@code phrase-translate-action} Kamelet passes them
 * ({@code filebridge-translate:phrase?sourceLang=en&targetLangs=cs,de&...}); an option left out is empty. Their meaning
 * and checks are the Kamelet's parameters (TranslationParameterCheck, TranslationOrder).
 */
public record TranslateOptions(String sourceLang, String targetLangs, String actionTypes, String mtProfileUid,
        String translationMemories, String target, String outputName, String localeMap, boolean skipDuplicates) {

    /** Takes the options out of an endpoint's parameters; what is left there is unknown, and Camel refuses it. */
    static TranslateOptions take(DefaultComponent component, Map<String, Object> parameters) {
        return new TranslateOptions(take(component, parameters, "sourceLang"),
                take(component, parameters, "targetLangs"), take(component, parameters, "actionTypes"),
                take(component, parameters, "mtProfileUid"), take(component, parameters, "translationMemories"),
                take(component, parameters, "target"), take(component, parameters, "outputName"),
                take(component, parameters, "localeMap"),
                component.getAndRemoveParameter(parameters, "skipDuplicates", Boolean.class, true));
    }

    private static String take(DefaultComponent component, Map<String, Object> parameters, String name) {
        String value = component.getAndRemoveParameter(parameters, name, String.class, "");
        return value.strip();
    }
}
