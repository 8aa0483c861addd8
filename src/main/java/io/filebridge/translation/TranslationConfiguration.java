package io.filebridge.translation;

import io.filebridge.pipeline.StepWorkers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the translation step's Camel component under its scheme. */
@Configuration(proxyBeanMethods = false)
public class TranslationConfiguration {

    @Bean(TranslateComponent.NAME)
    TranslateComponent translateComponent(TranslateStep step, StepWorkers workers) {
        return new TranslateComponent(step, workers);
    }
}
