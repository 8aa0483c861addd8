package io.filebridge.upload;

import java.util.Map;

import io.filebridge.connector.UploadVendors;
import io.filebridge.pipeline.StepEndpoint;
import io.filebridge.pipeline.StepWorkers;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code filebridge-upload:<vendor>?skipDuplicates=true}: the step behind every upload sink Kamelet, uploading the
 * exchange's file to the vendor with that id through {@link UploadStep}.
 */
public class UploadComponent extends DefaultComponent {

    public static final String NAME = "filebridge-upload";

    private final UploadStep step;
    private final UploadVendors vendors;
    private final StepWorkers workers;

    public UploadComponent(UploadStep step, UploadVendors vendors, StepWorkers workers) {
        this.step = step;
        this.vendors = vendors;
        this.workers = workers;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String vendor, Map<String, Object> parameters) {
        boolean skipDuplicates = getAndRemoveParameter(parameters, "skipDuplicates", Boolean.class, true);
        // an unknown vendor fails each file with its own report (UploadStep), as a misconfigured pipeline should
        int concurrency = vendors.find(vendor).map(v -> v.settings().getConcurrency()).orElse(1);
        return new StepEndpoint(uri, this, workers.of(vendor + "-upload", concurrency),
                exchange -> step.upload(exchange, vendor, skipDuplicates));
    }
}
