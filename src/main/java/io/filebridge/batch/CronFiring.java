package io.filebridge.batch;

import java.text.ParseException;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;

import io.filebridge.cluster.ClusterLocks;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.quartz.CronExpression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One firing of a cron pipeline runs on one instance: every instance's scheduler fires at the same moment, and only
 * the one that takes the pipeline's lock in the ledger ({@link ClusterLocks}) polls; the others skip this firing. The
 * lock is held for at least half the time to the next firing, so an instance whose clock or scheduler is a little
 * late still finds it taken, and at most until shortly before the next firing, so a holder that died never blocks it.
 */
final class CronFiring {

    private static final Logger log = LoggerFactory.getLogger(CronFiring.class);
    /** Where the cron cannot be read here (a scheduler other than Quartz): the lock's length. */
    private static final Duration UNKNOWN_INTERVAL = Duration.ofMinutes(1);

    private final ClusterLocks locks;
    private final String pipeline;
    private final Duration interval;

    CronFiring(ClusterLocks locks, String pipeline, Map<String, Object> schedulerProperties) {
        this.locks = locks;
        this.pipeline = pipeline;
        this.interval = interval(schedulerProperties);
    }

    /** The lock of this firing if this instance runs it; empty if another instance does (or the ledger is out). */
    Optional<SimpleLock> take() {
        try {
            Optional<SimpleLock> lock = locks.tryLock("cron:" + pipeline, interval.dividedBy(2),
                    interval.minus(interval.dividedBy(10)));
            if (lock.isEmpty()) {
                log.debug("pipeline={}: this run is done by another instance", pipeline);
            }
            return lock;
        } catch (RuntimeException e) {
            log.warn("pipeline={}: this run is skipped: the ledger could not say which instance runs it ({})",
                    pipeline, e.toString());
            return Optional.empty();
        }
    }

    /** The time between the next two firings of the Quartz cron in {@code properties}. */
    static Duration interval(Map<String, Object> properties) {
        Object cron = properties == null ? null : properties.get("cron");
        if (cron == null) {
            return UNKNOWN_INTERVAL;
        }
        try {
            CronExpression expression = new CronExpression(cron.toString().replace('+', ' '));
            Object zone = properties.get("timeZone");
            if (zone != null) {
                expression.setTimeZone(TimeZone.getTimeZone(zone.toString()));
            }
            Date next = expression.getNextValidTimeAfter(new Date());
            Date after = next == null ? null : expression.getNextValidTimeAfter(next);
            if (after == null) {
                return UNKNOWN_INTERVAL;
            }
            return Duration.ofMillis(Math.max(1_000, after.getTime() - next.getTime()));
        } catch (ParseException | RuntimeException e) {
            return UNKNOWN_INTERVAL;
        }
    }
}
