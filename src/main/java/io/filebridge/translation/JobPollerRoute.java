package io.filebridge.translation;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The poller: a timer that asks {@link JobTracker} to look at every due job. It fires several times per poll
 * interval (each job keeps its own next-look time in the ledger), and never runs twice at once.
 */
@Component
public class JobPollerRoute extends RouteBuilder {

    private final TrackingSettings settings;

    public JobPollerRoute(TrackingSettings settings) {
        this.settings = settings;
    }

    @Override
    public void configure() {
        // a callback brings a job's next look to "now": the tick decides how soon that is acted on
        long tick = Math.max(200, Math.min(2_000, settings.getPollInterval().toMillis() / 5));
        // A Camel timer, not Quartz: Quartz keeps schedulers and jobs in one JVM-wide registry under the context's
        // name, so two apps named "filebridge" in one JVM (test contexts) shared one job-poller job, and stopping
        // one app deleted the other's. A timer belongs to its context and runs its ticks one after the other.
        from("timer:filebridge-job-poller?delay=" + tick + "&period=" + tick)
                .routeId("filebridge-job-poller")
                .bean(JobTracker.class, "pollDue");
    }
}
