package io.filebridge.translation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.filebridge.connector.phrase.translation.TranslationOrder;
import io.filebridge.delivery.TargetDelivery;
import io.filebridge.pipeline.KameletParameterCheck;
import org.springframework.stereotype.Component;

/** Language codes, action types, output naming and the target of a translation pipeline, checked at start. */
@Component
public class TranslationParameterCheck implements KameletParameterCheck {

    @Override
    public String kamelet() {
        return "phrase-translate-action";
    }

    @Override
    public List<String> problems(Map<String, String> p) {
        List<String> problems = new ArrayList<>(TranslationOrder.problems(p.get("sourceLang"), p.get("targetLangs"),
                p.get("actionTypes"), p.get("translationMemories"), p.get("outputName"), p.get("localeMap")));
        if (!TargetDelivery.supported(p.get("target"))) {
            problems.add("phrase-translate-action parameter target: '" + p.get("target")
                    + "' is not a target filebridge can write to (use a file: URI, e.g. file:data/outbox/docs, or an aws2-s3: URI, e.g. aws2-s3:my-bucket?prefix=translated/&region=eu-central-1)");
        }
        return problems;
    }
}
