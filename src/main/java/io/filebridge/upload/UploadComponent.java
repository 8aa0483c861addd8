package io.filebridge.upload;

import java.util.Map;

import io.filebridge.pipeline.StepEndpoint;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code filebridge-upload:<vendor>?skipDuplicates=true}: the step behind every upload sink Kamelet, uploading the
 * exchange's file to the vendor with that id through {@link UploadStep}.
 */
public class UploadComponent extends DefaultComponent {

    public static final String NAME = "filebridge-upload";

    private final UploadStep step;

    public UploadComponent(UploadStep step) {
        this.step = step;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String vendor, Map<String, Object> parameters) {
        boolean skipDuplicates = getAndRemoveParameter(parameters, "skipDuplicates", Boolean.class, true);
        return new StepEndpoint(uri, this, exchange -> step.upload(exchange, vendor, skipDuplicates));
    }
}
