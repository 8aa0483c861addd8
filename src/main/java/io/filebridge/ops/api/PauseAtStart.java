package io.filebridge.ops.api;

import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps paused pipelines paused across restarts: before Camel starts the routes, a pipeline paused in the ledger is
 * set not to start, so its intake never polls until an operator resumes it (which starts the route).
 */
@Component
class PauseAtStart implements CamelContextConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PauseAtStart.class);

    private final PausedPipelines paused;

    PauseAtStart(PausedPipelines paused) {
        this.paused = paused;
    }

    @Override
    public void beforeApplicationStart(CamelContext context) {
        Set<String> ids = paused.all();
        for (RouteDefinition route : ((ModelCamelContext) context).getRouteDefinitions()) {
            if (ids.contains(route.getRouteId())) {
                route.setAutoStartup("false");
                paused.heldHere(route.getRouteId(), true);
                log.info("Pipeline '{}' is paused and was not started; resume it with POST /api/pipelines/{}/resume",
                        route.getRouteId(), route.getRouteId());
            }
        }
    }

    @Override
    public void afterApplicationStart(CamelContext context) {
        // nothing: the decision is made before start
    }
}
