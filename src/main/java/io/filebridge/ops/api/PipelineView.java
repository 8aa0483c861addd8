package io.filebridge.ops.api;

import java.util.Map;

/** A pipeline as GET /api/pipelines shows it (see the /api contract). */
public record PipelineView(String id, String source, String vendor, String state, String problem,
        Map<String, Long> counts) {

    public static final String RUNNING = "RUNNING", PAUSED = "PAUSED", STOPPED = "STOPPED", REFUSED = "REFUSED";
}
