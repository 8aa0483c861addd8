package io.filebridge.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * Pipelines that were refused at startup, with the reasons, for readiness and the ops views.
 */
@Component
public class PipelineProblems {

    /** A refused pipeline: its route id, the file it came from, and what is wrong. */
    public record Refused(String routeId, String source, List<String> problems) {
    }

    private final Map<String, Refused> refused = Collections.synchronizedMap(new LinkedHashMap<>());

    public void refuse(Refused pipeline) {
        refused.put(pipeline.routeId(), pipeline);
    }

    /** The pipeline runs now (it got its inbox's lease): no longer refused. */
    public void withdraw(String routeId) {
        refused.remove(routeId);
    }

    public List<Refused> refused() {
        synchronized (refused) {
            return List.copyOf(refused.values());
        }
    }
}
