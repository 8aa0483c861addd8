package io.filebridge.batch;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import io.filebridge.intake.FileIntakeStep;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Ordered;
import org.apache.camel.Route;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.support.DefaultPollingConsumerPollStrategy;
import org.apache.camel.support.DefaultScheduledPollConsumerScheduler;
import org.apache.camel.support.ScheduledPollConsumer;
import org.apache.camel.support.ScheduledPollEndpoint;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * Gives one route batch summaries if its consumer polls on a cron schedule ({@code scheduler: quartz} or
 * {@code spring}); on any other route it does nothing.
 *
 * <p>Each firing runs on one instance of a cluster ({@link CronFiring}); the others skip it.
 *
 * <p>How a run is delimited: the consumer's poll strategy is wrapped, so {@code begin} opens a {@link BatchRun} and
 * {@code commit}/{@code rollback} end its poll. Both the file and the aws2-s3 consumer hand each file of the poll to
 * the route on the polling thread between the two, so every exchange that begins on the route while a run is open
 * belongs to it. Each such exchange carries a completion hook that counts its outcome once the exchange is done (after
 * the consumer's own move to the archive or the failed folder). An empty poll ends a run with zeros.
 */
final class ScheduledBatchPolicy implements RoutePolicy {

    private final BatchSummaries summaries;
    private final AtomicReference<BatchRun> polling = new AtomicReference<>();
    private volatile String schedule;
    private volatile String pipeline;
    /** Which instance runs a firing; set with the schedule. */
    private volatile CronFiring firing;
    /** The lock of the firing this instance is running. */
    private final AtomicReference<SimpleLock> firingLock = new AtomicReference<>();

    ScheduledBatchPolicy(BatchSummaries summaries) {
        this.summaries = summaries;
    }

    /** Before the consumer exists: the endpoint's poll strategy is what the consumer will be created with. */
    @Override
    public void onInit(Route route) {
        pipeline = route.getRouteId();
        if (route.getEndpoint() instanceof ScheduledPollEndpoint endpoint && cronScheduled(endpoint)) {
            schedule = describe(endpoint);
            firing = summaries.firing(pipeline, endpoint.getSchedulerProperties());
            endpoint.setPollStrategy(wrap(endpoint.getPollStrategy()));
        }
    }

    /** In case the consumer was created with another strategy after all (e.g. a component that sets its own). */
    @Override
    public void onStart(Route route) {
        Consumer consumer = route.getConsumer();
        // a hot folder's own event scheduler is continuous: only an endpoint's scheduler option makes a cron one
        boolean continuous = route.getEndpoint() instanceof ScheduledPollEndpoint endpoint && !cronScheduled(endpoint);
        if (consumer instanceof ScheduledPollConsumer polled && polled.getScheduler() != null && !continuous
                && !(polled.getScheduler() instanceof DefaultScheduledPollConsumerScheduler)) {
            if (schedule == null) {
                schedule = route.getEndpoint() instanceof ScheduledPollEndpoint endpoint ? describe(endpoint)
                        : polled.getScheduler().getClass().getSimpleName();
                firing = summaries.firing(pipeline, route.getEndpoint() instanceof ScheduledPollEndpoint endpoint
                        ? endpoint.getSchedulerProperties() : null);
            }
            if (!(polled.getPollStrategy() instanceof RunDelimiter)) {
                polled.setPollStrategy(wrap(polled.getPollStrategy()));
            }
        }
    }

    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        BatchRun run = polling.get();
        if (run != null) {
            run.took();
            exchange.getExchangeExtension().addOnCompletion(new RunMember(run));
        }
    }

    /** Whether the route records batches (its consumer is cron-scheduled). */
    boolean scheduled() {
        return schedule != null;
    }

    static boolean cronScheduled(ScheduledPollEndpoint endpoint) {
        Object scheduler = endpoint.getScheduler();
        return scheduler != null && !"none".equals(scheduler);
    }

    static String describe(ScheduledPollEndpoint endpoint) {
        Map<String, Object> properties = endpoint.getSchedulerProperties();
        Object cron = properties == null ? null : properties.get("cron");
        String scheduler = endpoint.getScheduler() instanceof String name ? name
                : endpoint.getScheduler().getClass().getSimpleName();
        return cron == null ? scheduler : scheduler + " " + cron;
    }

    private PollingConsumerPollStrategy wrap(PollingConsumerPollStrategy delegate) {
        return new RunDelimiter(delegate == null ? new DefaultPollingConsumerPollStrategy() : delegate);
    }

    private void runBegins() {
        BatchRun previous = polling.getAndSet(summaries.newRun(pipeline, schedule));
        if (previous != null) {
            previous.pollEnded(null); // a poll that never ended (cannot happen with Camel's consumers) still reports
        }
    }

    private void releaseFiring() {
        SimpleLock lock = firingLock.getAndSet(null);
        if (lock != null) {
            lock.unlock(); // held on until its shortest time: a later firing elsewhere of the same run finds it taken
        }
    }

    private void pollEnds(Exception failure) {
        releaseFiring();
        BatchRun run = polling.getAndSet(null);
        if (run != null) {
            run.pollEnded(failure == null ? null : summaries.describe(failure));
        }
    }

    /** The consumer's own poll strategy, plus the start and end of each run. */
    private final class RunDelimiter implements PollingConsumerPollStrategy {

        private final PollingConsumerPollStrategy delegate;

        RunDelimiter(PollingConsumerPollStrategy delegate) {
            this.delegate = delegate;
        }

        /** Runs this firing only on the instance that takes its lock: once per cluster ({@link CronFiring}). */
        @Override
        public boolean begin(Consumer consumer, Endpoint endpoint) {
            Optional<SimpleLock> lock = firing == null ? Optional.empty() : firing.take();
            if (firing != null && lock.isEmpty()) {
                return false;
            }
            lock.ifPresent(firingLock::set);
            boolean begin = delegate.begin(consumer, endpoint);
            if (begin) {
                runBegins();
            } else {
                releaseFiring();
            }
            return begin;
        }

        @Override
        public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
            try {
                delegate.commit(consumer, endpoint, polledMessages);
            } finally {
                pollEnds(null);
            }
        }

        @Override
        public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause)
                throws Exception {
            pollEnds(cause);
            return delegate.rollback(consumer, endpoint, retryCounter, cause);
        }
    }

    /**
     * Counts one file's outcome when its exchange is done. Ordered last, so it runs after the consumer's own
     * completion (the move to the archive or the failed folder).
     */
    private static final class RunMember extends SynchronizationAdapter implements Ordered {

        private final BatchRun run;

        RunMember(BatchRun run) {
            this.run = run;
        }

        @Override
        public void onComplete(Exchange exchange) {
            run.ended(outcomeOf(exchange, false));
        }

        @Override
        public void onFailure(Exchange exchange) {
            run.ended(outcomeOf(exchange, true));
        }

        static BatchRun.Outcome outcomeOf(Exchange exchange, boolean failed) {
            if (exchange.isRollbackOnly() || exchange.isRollbackOnlyLast()) {
                return BatchRun.Outcome.SKIPPED; // e.g. an S3 object still in flight from an earlier run
            }
            if (failed) {
                return BatchRun.Outcome.FAILED;
            }
            String outcome = exchange.getProperty(FileIntakeStep.OUTCOME_PROPERTY, String.class);
            if (FileIntakeStep.OUTCOME_DUPLICATE.equals(outcome)) {
                return BatchRun.Outcome.DUPLICATE;
            }
            return FileIntakeStep.OUTCOME_UPLOADED.equals(outcome) ? BatchRun.Outcome.UPLOADED
                    : BatchRun.Outcome.SKIPPED;
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST;
        }
    }

    @Override
    public void onRemove(Route route) {
    }

    @Override
    public void onStop(Route route) {
    }

    @Override
    public void onSuspend(Route route) {
    }

    @Override
    public void onResume(Route route) {
    }

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
    }
}
