package io.filebridge.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Named locks in the ledger ({@code fb_cluster_lock}, V13__cluster_locks.sql) for work that must happen once per
 * cluster, taken with ShedLock's JDBC provider on the database's clock (so the hosts' clocks need not agree for it).
 * A lock is held at least {@code atLeast} even when the work is done sooner, so an instance whose schedule fires a
 * moment later finds it taken, and at most {@code atMost}, so a holder that died never blocks the next time.
 */
public class ClusterLocks {

    private final LockProvider locks;

    public ClusterLocks(JdbcTemplate jdbc, String instanceId) {
        this.locks = new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(jdbc)
                .withTableName("fb_cluster_lock")
                .withLockedByValue(instanceId)
                .usingDbTime()
                .build());
    }

    /** The lock {@code name}, if no other holder has it now; unlock it when the work is done. */
    public Optional<SimpleLock> tryLock(String name, Duration atLeast, Duration atMost) {
        Duration most = atMost.compareTo(atLeast) < 0 ? atLeast : atMost;
        return locks.lock(new LockConfiguration(Instant.now(), name, most, atLeast));
    }
}
