package io.filebridge.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Vendor request budgets in the ledger's database ({@code V11__rate_permits.sql}), shared by every instance on it. A
 * permit is taken in one transaction that holds the credential's row lock: it drops the permits older than the
 * window, counts the rest and adds one if there is room. Times are the instances' clocks, read once the lock is held:
 * hosts sharing a ledger need clocks that agree (NTP), as for the instances' heartbeats; a skew between two hosts
 * widens or narrows the window by as much.
 *
 * <p>A permit counts from when it is taken, before the request is sent: an instance that dies holding permits leaves
 * them counted until they age out, so the cluster sends fewer requests in that window, never more. The vendor counts
 * a request when it arrives, which can be later than its permit (a process's first requests, a busy machine, a slow
 * network): the window's padding (2%, at least a second) covers short delays, and a permit whose request took longer
 * than that to be answered is {@link #restamp restamped} with the time of the answer, when the request had certainly
 * arrived, so the window it counts in ends no earlier than the vendor's.
 */
@Component
public class RatePermits {

    /** The longest credential key kept: the vendor id and a credential fingerprint fit well within. */
    private static final int CREDENTIAL = 128;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final String instanceId;
    private final Clock clock;

    @Autowired
    public RatePermits(JdbcTemplate jdbc, Ledger ledger, Clock clock) {
        this(jdbc, ledger.instanceId(), clock);
    }

    RatePermits(JdbcTemplate jdbc, String instanceId, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
        this.instanceId = instanceId;
    }

    /**
     * What {@link #tryTake} did: took a permit stamped {@code takenAt}, or found the window full, with how long until
     * its oldest permit leaves it ({@code retryIn}).
     */
    public record Take(Instant takenAt, Duration retryIn) {

        public boolean taken() {
            return takenAt != null;
        }
    }

    /** Takes a permit of {@code credential} if fewer than {@code permits} were taken within the last {@code window}. */
    public Take tryTake(String credential, int permits, Duration window) {
        String key = credential.length() <= CREDENTIAL ? credential : credential.substring(0, CREDENTIAL);
        ensureLockRow(key);
        return tx.execute(status -> {
            jdbc.queryForObject("select credential from fb_rate_limit where credential = ? for update", String.class,
                    key);
            // read after the lock is held: a taker may have waited for it, and the database's current_timestamp is
            // the transaction's start on H2 and PostgreSQL alike, which would stamp the permit too early
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // as the databases store it
            jdbc.update("delete from fb_rate_permit where credential = ? and taken_at <= ?", key,
                    utc(now.minus(window)));
            Long count = jdbc.queryForObject("select count(*) from fb_rate_permit where credential = ?", Long.class,
                    key);
            if (count == null || count < permits) {
                jdbc.update("insert into fb_rate_permit (credential, taken_at, instance_id) values (?, ?, ?)", key,
                        utc(now), instanceId);
                return new Take(now, null);
            }
            Instant oldest = jdbc.queryForObject("select min(taken_at) from fb_rate_permit where credential = ?",
                    OffsetDateTime.class, key).toInstant();
            Duration wait = Duration.between(now, oldest.plus(window));
            return new Take(null, wait.isNegative() ? Duration.ZERO : wait);
        });
    }

    /**
     * Moves this instance's permit of {@code credential} stamped {@code takenAt} to {@code answeredAt}: its request
     * was answered so late that the vendor may have counted it well after the permit was taken.
     */
    public void restamp(String credential, Instant takenAt, Instant answeredAt) {
        String key = credential.length() <= CREDENTIAL ? credential : credential.substring(0, CREDENTIAL);
        jdbc.update("update fb_rate_permit set taken_at = ? where credential = ? and instance_id = ? and taken_at = ?",
                utc(answeredAt.truncatedTo(ChronoUnit.MICROS)), key, instanceId, utc(takenAt));
    }

    /** The row that takers of one credential lock; the first taker of a credential on any instance inserts it. */
    private void ensureLockRow(String key) {
        Integer known = jdbc.queryForObject("select count(*) from fb_rate_limit where credential = ?", Integer.class,
                key);
        if (known != null && known > 0) {
            return;
        }
        // another instance may insert it meanwhile: it exists then, which is all that is needed (and PostgreSQL logs
        // no error for a conflict it was told to ignore)
        jdbc.update("insert into fb_rate_limit (credential) values (?) on conflict do nothing", key);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
