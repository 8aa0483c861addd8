package io.filebridge.intake;

import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;

/**
 * Error handling every pipeline gets. A file that fails in a vendor step already has its outcome line and its error
 * report, so Camel's own "Failed delivery ... Exhausted" ERROR with a stack trace would only repeat it, once per
 * file. The exchange stays failed ({@code handled(false)}) so the file consumer still moves the file to
 * {@code moveFailed}. Other exceptions keep Camel's full logging: they are unexpected.
 */
@Component
public class FileFailureHandling extends RouteConfigurationBuilder {

    @Override
    public void configuration() {
        routeConfiguration()
                .onException(FileFailed.class)
                .handled(false)
                .logExhausted(false)
                .logStackTrace(false);
    }
}
