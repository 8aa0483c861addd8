package io.filebridge.intake;

import java.nio.file.Path;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;

/**
 * The pipeline a file came in through: its route id and its file consumer endpoint. Inside a Kamelet the exchange is
 * a correlated copy whose "from" is the Kamelet's own route, so the origin is found through the consumed file
 * (property {@code CamelFileExchangeFile}) and the route whose file consumer watches that file's starting folder.
 */
record IntakeOrigin(String pipeline, GenericFileEndpoint<?> endpoint) {

    static Optional<IntakeOrigin> of(Exchange exchange) {
        if (exchange.getFromEndpoint() instanceof GenericFileEndpoint<?> direct) {
            return Optional.of(new IntakeOrigin(exchange.getFromRouteId(), direct));
        }
        GenericFile<?> file = exchange.getProperty(Exchange.FILE_EXCHANGE_FILE, GenericFile.class);
        if (file == null || file.getEndpointPath() == null) {
            return Optional.empty();
        }
        Path start = normalized(file.getEndpointPath());
        for (Route route : exchange.getContext().getRoutes()) {
            if (route.getEndpoint() instanceof GenericFileEndpoint<?> endpoint
                    && normalized(endpoint.getConfiguration().getDirectory()).equals(start)) {
                return Optional.of(new IntakeOrigin(route.getRouteId(), endpoint));
            }
        }
        return Optional.empty();
    }

    private static Path normalized(String directory) {
        return Path.of(directory).toAbsolutePath().normalize();
    }
}
