package io.filebridge.cluster;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * This process's membership of the cluster: it sweeps what an earlier run under its id left, joins before Camel starts
 * its routes, renews its heartbeat every third of the ttl (deleting the file claims released meanwhile, and sweeping
 * the rows of dead instances), and leaves once Camel has stopped, so its claims are held until every file in flight
 * is finished. The phase puts it first to start and last to stop: Camel's context stops in an earlier phase.
 *
 * <p>A heartbeat renewed more than the ttl after the previous one means the others may have counted this process as
 * dead meanwhile and taken over its files (a JVM frozen that long, a ledger unreachable that long): it says so. While
 * the heartbeat is late, {@link ClusterMembers#fresh()} is false and no new file is claimed.
 */
public class ClusterHeartbeat implements SmartLifecycle {

    /** Starts before and stops after everything else, Camel and the web server included. */
    static final int PHASE = Integer.MIN_VALUE + 1000;
    /** Rows of dead instances stay visible in the cluster view this long before they are deleted. */
    static final int FORGET_AFTER_TTLS = 20;

    private static final Logger log = LoggerFactory.getLogger(ClusterHeartbeat.class);

    private final ClusterMembers members;
    private final FileClaims claims;
    private final StaleRows staleRows;
    private ScheduledExecutorService timer;
    private volatile boolean running;
    private volatile boolean lateReported;

    public ClusterHeartbeat(ClusterMembers members, FileClaims claims, StaleRows staleRows) {
        this.members = members;
        this.claims = claims;
        this.staleRows = staleRows;
    }

    @Override
    public synchronized void start() {
        staleRows.atStart();
        members.join();
        running = true;
        long period = Math.max(100, members.ttl().toMillis() / 3);
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "filebridge-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
        log.info("Joined the ledger as instance '{}' (run {}); heartbeat every {} ms, instance ttl {}",
                members.process().instanceId(), members.process().runId(), period, members.ttl());
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        timer.shutdownNow();
        try {
            members.leave();
            log.info("Left the ledger: instance '{}' (run {}) released its file claims", members.process().instanceId(),
                    members.process().runId());
        } catch (RuntimeException e) {
            log.warn("Could not leave the ledger ({}); the others take over this instance's claims once its heartbeat"
                    + " is older than {}", e.getMessage(), members.ttl());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private void tick() {
        try {
            renew();
        } catch (RuntimeException e) {
            if (!lateReported && !members.fresh()) {
                lateReported = true;
                log.warn("The heartbeat could not be renewed for {} ms ({}): no new file is taken until it is",
                        members.sinceRenewed().toMillis(), e.getMessage());
            }
            return;
        }
        try {
            claims.flushReleases();
            staleRows.ofDeadInstances();
            members.forgetDead(members.ttl().multipliedBy(FORGET_AFTER_TTLS));
        } catch (RuntimeException e) {
            log.warn("Cluster housekeeping failed this round: {}", e.toString());
        }
    }

    private void renew() {
        long silentNanos = members.sinceRenewed().toNanos();
        boolean known = members.heartbeat();
        if (!known) {
            members.join();
            log.error("This instance had been removed from the ledger's instances as dead (no heartbeat for {} ms):"
                    + " the others may have taken over its files; it joined again", silentNanos / 1_000_000);
        } else if (silentNanos > members.ttl().toNanos()) {
            log.error("This instance's heartbeat was not renewed for {} ms, longer than filebridge.cluster.instance-ttl"
                    + " ({}): the others may have taken over files it holds; a file both sent shows as a reupload",
                    silentNanos / 1_000_000, members.ttl());
        }
        if (lateReported) {
            lateReported = false;
            log.info("The heartbeat is renewed again; new files are taken");
        }
    }
}
