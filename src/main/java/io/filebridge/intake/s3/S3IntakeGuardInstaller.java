package io.filebridge.intake.s3;

import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.model.FromDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ModelLifecycleStrategySupport;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Makes {@link S3IntakeGuard} impossible to forget: every route whose consumer is aws2-s3 gets
 * {@code bean:s3IntakeGuard} as its first step, whether it comes from a routes file, Java or a Kamelet, and whatever
 * routeConfiguration it uses. Routes already loaded are changed before Camel starts them; routes added later
 * (reloads, templates) as they are added. A route that already names the guard first is left as it is.
 */
@Component
public class S3IntakeGuardInstaller implements CamelContextConfiguration {

    static final String GUARD_URI = "bean:s3IntakeGuard";

    private static final Logger log = LoggerFactory.getLogger(S3IntakeGuardInstaller.class);

    @Override
    public void beforeApplicationStart(CamelContext context) {
        ModelCamelContext model = (ModelCamelContext) context;
        for (RouteDefinition route : List.copyOf(model.getRouteDefinitions())) {
            install(context, route);
        }
        context.getCamelContextExtension().getContextPlugin(Model.class)
                .addModelLifecycleStrategy(new ModelLifecycleStrategySupport() {
                    @Override
                    public void onAddRouteDefinition(RouteDefinition route) {
                        install(context, route);
                    }
                });
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        // nothing: the guard is in place before the routes start
    }

    /** Puts the guard first if the route reads from aws2-s3 and does not start with it yet; true if it did. */
    static boolean install(CamelContext context, RouteDefinition route) {
        if (!readsS3(context, route.getInput()) || startsWithGuard(route)) {
            return false;
        }
        ToDefinition guard = new ToDefinition(GUARD_URI);
        guard.setParent(route);
        route.getOutputs().add(0, guard);
        log.debug("route '{}' reads from aws2-s3: {} is its first step", route.getRouteId(), GUARD_URI);
        return true;
    }

    private static boolean readsS3(CamelContext context, FromDefinition from) {
        if (from == null || from.getEndpointUri() == null) {
            return false;
        }
        String uri;
        try {
            uri = context.resolvePropertyPlaceholders(from.getEndpointUri());
        } catch (RuntimeException e) {
            return false; // an unresolvable intake fails on its own, with Camel's message
        }
        return uri.startsWith("aws2-s3:");
    }

    private static boolean startsWithGuard(RouteDefinition route) {
        List<ProcessorDefinition<?>> outputs = route.getOutputs();
        return !outputs.isEmpty() && outputs.get(0) instanceof ToDefinition to
                && GUARD_URI.equals(to.getEndpointUri());
    }
}
