package io.filebridge.connector;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * The waits of vendor calls in the application: a retry's backoff (up to a vendor's {@code Retry-After}) and a wait for
 * a rate-limit permit. A stop ends them at once: when the application context starts closing (SIGTERM, before Camel
 * and the web server stop), every wait under way and every later one throws {@link StopRequested}, and the call gives
 * up before sending ({@link VendorCallStopped}), so its file is handed back to its intake instead of holding the stop
 * up for as long as the wait (a minute for a vendor limited per minute) or being failed.
 *
 * <p>Why by hand: an interrupt would do, but the threads that wait are Camel's and the step workers', and interrupting
 * them also breaks the in-flight HTTP requests and ledger writes a graceful stop must let finish.
 */
@Component
public class StopAwareSleeper implements Sleeper, ApplicationListener<ContextClosedEvent>, ApplicationContextAware,
        Ordered {

    /** Thrown from {@link #sleep} once the application is stopping: not an interrupt of the thread. */
    public static final class StopRequested extends InterruptedException {
        StopRequested() {
            super("filebridge is stopping");
        }
    }

    private volatile boolean stopping;
    private ApplicationContext context;

    @Override
    public void sleep(Duration delay) throws InterruptedException {
        long deadline = System.nanoTime() + delay.toNanos();
        synchronized (this) {
            while (!stopping) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
        throw new StopRequested();
    }

    /** Ends every wait under way and every later one. */
    public synchronized void stop() {
        stopping = true;
        notifyAll();
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        if (event.getApplicationContext() == context) { // not a child context (a management port's) closing
            stop();
        }
    }

    @Override
    public void setApplicationContext(ApplicationContext applicationContext) {
        this.context = applicationContext;
    }

    /** Before Camel's own listener, which stops the routes and waits for the files in flight. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
