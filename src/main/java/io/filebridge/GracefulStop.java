package io.filebridge;

import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;

/**
 * Gives Camel's shutdown the grace period of {@code filebridge.stop.grace-period} ({@link StopSettings}), so that one
 * setting says how long a stop may take: Camel waits that long for the files in flight, then stops what is left (a
 * file stopped so stays in its intake). Camel's own {@code camel.main.shutdown-timeout} counts whole seconds and is
 * overridden here.
 */
@Component
class GracefulStop implements CamelContextConfiguration {

    private final StopSettings settings;

    GracefulStop(StopSettings settings) {
        this.settings = settings;
    }

    @Override
    public void beforeApplicationStart(CamelContext context) {
        context.getShutdownStrategy().setTimeUnit(TimeUnit.MILLISECONDS);
        context.getShutdownStrategy().setTimeout(Math.max(1, settings.gracePeriod().toMillis()));
    }

    @Override
    public void afterApplicationStart(CamelContext context) {
        // nothing: the timeout is read when the context stops
    }
}
