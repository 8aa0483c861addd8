package io.filebridge.translation;

import java.util.Map;

import io.filebridge.pipeline.StepEndpoint;
import io.filebridge.pipeline.StepWorkers;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code filebridge-translate:phrase?sourceLang=...}: the step behind the {@code phrase-translate-action} Kamelet,
 * submitting the exchange's file for translation through {@link TranslateStep}.
 */
public class TranslateComponent extends DefaultComponent {

    public static final String NAME = "filebridge-translate";

    private final TranslateStep step;
    private final StepWorkers workers;

    public TranslateComponent(TranslateStep step, StepWorkers workers) {
        this.step = step;
        this.workers = workers;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String vendor, Map<String, Object> parameters) {
        if (!"phrase".equals(vendor)) {
            throw new IllegalArgumentException(uri + ": filebridge translates with Phrase Language AI only"
                    + " (filebridge-translate:phrase)");
        }
        TranslateOptions options = TranslateOptions.take(this, parameters);
        return new StepEndpoint(uri, this, workers.of("phrase-translate", step.concurrency()),
                exchange -> step.translate(exchange, options));
    }
}
