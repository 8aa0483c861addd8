package io.filebridge.batch;

import java.time.Clock;
import java.util.Map;

import io.filebridge.cluster.ClusterLocks;
import io.filebridge.ledger.BatchLedger;
import io.filebridge.ledger.BatchSummary;
import io.filebridge.ledger.Ledger;
import io.filebridge.secrets.SecretRedactor;
import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Batch summaries for every cron-scheduled pipeline, with no setting in the route: Camel asks this factory (a
 * {@link RoutePolicyFactory} bean, which camel-spring-boot registers) for a policy per route, and the policy turns
 * itself on only for a consumer with a cron scheduler. Continuous pipelines poll every half second, and a summary
 * per poll would flood the ledger, so they record none; their files are in the ledger one by one anyway.
 */
@Component
public class BatchSummaries implements RoutePolicyFactory {

    private static final Logger log = LoggerFactory.getLogger(BatchSummaries.class);

    private final BatchLedger ledger;
    private final BatchLog batchLog;
    private final SecretRedactor redactor;
    private final Clock clock;
    private final String instanceId;
    private final ClusterLocks locks;

    public BatchSummaries(BatchLedger ledger, BatchLog batchLog, SecretRedactor redactor, Clock clock,
            Ledger fileLedger, ClusterLocks locks) {
        this.locks = locks;
        this.ledger = ledger;
        this.batchLog = batchLog;
        this.redactor = redactor;
        this.clock = clock;
        this.instanceId = fileLedger.instanceId();
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        return new ScheduledBatchPolicy(this);
    }

    /** Which instance runs a firing of {@code pipeline}'s cron ({@code schedulerProperties}: the endpoint's). */
    CronFiring firing(String pipeline, Map<String, Object> schedulerProperties) {
        return new CronFiring(locks, pipeline, schedulerProperties);
    }

    BatchRun newRun(String pipeline, String schedule) {
        return new BatchRun(clock.instant(), totals -> finished(pipeline, schedule, totals));
    }

    String describe(Exception failure) {
        return redactor.redact(failure.toString());
    }

    /** Records and logs a finished run; a ledger failure is logged and never reaches the pipeline. */
    private void finished(String pipeline, String schedule, BatchRun.Totals totals) {
        BatchSummary summary = new BatchSummary(null, pipeline, instanceId, totals.startedAt(), clock.instant(),
                totals.seen(), totals.uploaded(), totals.duplicates(), totals.failed(), totals.skipped(),
                totals.pollError());
        try {
            summary = ledger.record(summary);
        } catch (RuntimeException e) {
            log.error("pipeline={}: could not record the batch summary in the ledger: {}", pipeline,
                    redactor.redact(e.toString()));
        }
        batchLog.summary(summary, schedule);
    }
}
