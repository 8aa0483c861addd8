package io.filebridge.pipeline;

import java.nio.file.Path;
import java.util.Optional;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.component.file.GenericFileEndpoint;

/**
 * Where the file consumer moves a failed input: its {@code moveFailed} expression, evaluated like Camel evaluates it
 * (against the exchange) and resolved against the consumer's starting directory, like
 * {@code GenericFile.changeFileName} resolves relative names.
 */
final class FailedFolder {

    /** Used when a route has no moveFailed (the pipeline validator normally refuses that). */
    static final String FALLBACK = ".failed";

    private FailedFolder() {
    }

    static Optional<Path> failedPathOf(Exchange exchange) {
        Endpoint from = exchange.getFromEndpoint();
        if (!(from instanceof GenericFileEndpoint<?> fileEndpoint)) {
            return Optional.empty();
        }
        Path start = Path.of(fileEndpoint.getConfiguration().getDirectory());
        Expression moveFailed = fileEndpoint.getMoveFailed();
        String relative = moveFailed != null
                ? moveFailed.evaluate(exchange, String.class)
                : FALLBACK + "/" + exchange.getIn().getHeader(Exchange.FILE_NAME, String.class);
        Path target = Path.of(relative);
        return Optional.of(target.isAbsolute() ? target : start.resolve(target).normalize());
    }
}
