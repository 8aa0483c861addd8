package io.filebridge.delivery;

import java.nio.file.Path;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes an output file to a pipeline's target, a Camel endpoint URI ({@code file:out/docs}), under a relative
 * name. File targets are written under a temporary name and renamed ({@code tempPrefix}), so no reader ever sees
 * half an output; the name is relative to the target folder and Camel keeps it inside it.
 */
@Component
public class TargetDelivery {

    private final ProducerTemplate producer;

    public TargetDelivery(ProducerTemplate producer) {
        this.producer = producer;
    }

    public void deliver(String targetUri, String relativeName, Path content) {
        String uri = targetUri.startsWith("file:") && !targetUri.contains("tempPrefix=")
                && !targetUri.contains("tempFileName=")
                ? targetUri + (targetUri.contains("?") ? "&" : "?") + "tempPrefix=.tmp-" : targetUri;
        Exchange result = producer.send(uri, exchange -> {
            exchange.getMessage().setHeader(Exchange.FILE_NAME, relativeName);
            exchange.getMessage().setBody(content.toFile());
        });
        if (result.getException() != null) {
            throw new IllegalStateException("could not write " + relativeName + " to " + targetUri + ": "
                    + result.getException().getMessage(), result.getException());
        }
    }

    /** The targets filebridge can write outputs to. */
    public static boolean supported(String targetUri) {
        return targetUri != null && targetUri.startsWith("file:");
    }
}
