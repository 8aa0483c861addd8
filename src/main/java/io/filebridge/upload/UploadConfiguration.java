package io.filebridge.upload;

import io.filebridge.connector.UploadVendors;
import io.filebridge.pipeline.StepWorkers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the upload step's Camel component under its scheme. */
@Configuration(proxyBeanMethods = false)
public class UploadConfiguration {

    @Bean(UploadComponent.NAME)
    UploadComponent uploadComponent(UploadStep step, UploadVendors vendors, StepWorkers workers) {
        return new UploadComponent(step, vendors, workers);
    }
}
