package io.filebridge.ops.api;

import java.util.List;
import java.util.Map;

import io.filebridge.intake.hotfolder.UnsettledFiles;

/**
 * A pipeline as GET /api/pipelines shows it (see the /api contract).
 *
 * @param unsettled hot-folder files that keep changing, so they are not taken (oldest first)
 */
public record PipelineView(String id, String source, String vendor, String state, String problem,
        Map<String, Long> counts, List<UnsettledFiles.Unsettled> unsettled) {

    public static final String RUNNING = "RUNNING", PAUSED = "PAUSED", STOPPED = "STOPPED", REFUSED = "REFUSED";
}
