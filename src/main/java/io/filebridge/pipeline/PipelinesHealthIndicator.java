package io.filebridge.pipeline;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * Health contributor "pipelines", part of the readiness group: DOWN while any pipeline was refused at startup, or does
 * not consume its inbox because another live consumer holds the inbox's lease, with the route, its file and the
 * reasons, so a broken deployment is visible to probes and dashboards, not only in a log.
 */
@Component("pipelines")
public class PipelinesHealthIndicator extends AbstractHealthIndicator {

    private final PipelineProblems problems;

    public PipelinesHealthIndicator(PipelineProblems problems) {
        super("pipeline health check failed");
        this.problems = problems;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        var refused = problems.refused();
        if (refused.isEmpty()) {
            builder.up();
            return;
        }
        builder.down();
        refused.forEach(r -> builder.withDetail(r.routeId(),
                java.util.Map.of("source", r.source(), "problems", r.problems())));
    }
}
