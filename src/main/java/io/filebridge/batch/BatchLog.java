package io.filebridge.batch;

import io.filebridge.ledger.BatchSummary;
import io.filebridge.pipeline.OutcomeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One log line per run of a scheduled pipeline, under the logger {@code filebridge.batch} (beside the per-file lines
 * of {@code filebridge.outcome}): {@code BATCH pipeline=.. schedule=".." seen=3 uploaded=1 duplicates=1 failed=1 ..}.
 * WARN when a file failed or the poll failed, so alerting can key on the level.
 */
@Component
public class BatchLog {

    private static final Logger log = LoggerFactory.getLogger("filebridge.batch");

    public void summary(BatchSummary run, String schedule) {
        String line = "BATCH pipeline={} schedule=\"{}\" instance={} seen={} uploaded={} duplicates={} failed={}"
                + " skipped={} started={} finished={} durationMs={} batchId={}{}";
        Object[] args = {run.pipeline(), OutcomeLog.quoted(schedule), run.instanceId(), run.seen(), run.uploaded(), run.duplicates(),
                run.failed(), run.skipped(), run.startedAt(), run.finishedAt(), run.duration().toMillis(),
                run.id() == null ? "-" : run.id(),
                run.pollError() == null ? "" : " pollError=\"" + OutcomeLog.quoted(run.pollError()) + "\""};
        if (run.failed() > 0 || run.pollError() != null) {
            log.warn(line, args);
        } else {
            log.info(line, args);
        }
    }
}
