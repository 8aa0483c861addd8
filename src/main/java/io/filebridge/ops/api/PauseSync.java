package io.filebridge.ops.api;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Pause and resume apply to the whole cluster: every {@value #PERIOD_MS} ms each instance reads the paused pipelines
 * from the ledger and follows them ({@link Pipelines#followLedger}), so a pause made through any instance stops the
 * pipeline's intake on all of them within seconds. From the moment the application is ready until it closes.
 */
@Component
class PauseSync {

    static final long PERIOD_MS = 2_000;

    private final Pipelines pipelines;
    private ScheduledExecutorService timer;

    PauseSync(Pipelines pipelines) {
        this.pipelines = pipelines;
    }

    @EventListener(ApplicationReadyEvent.class)
    synchronized void start() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "filebridge-pause-sync");
                thread.setDaemon(true);
                return thread;
            });
            timer.scheduleWithFixedDelay(pipelines::followLedger, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
        }
    }

    @EventListener(ContextClosedEvent.class)
    synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
