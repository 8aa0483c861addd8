package io.filebridge.intake.hotfolder;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * Inbox leases in the ledger ({@code fb_inbox_lease}, V9__inbox_lease.sql): which process consumes which hot folder.
 * A pipeline consumes its inbox only while its process holds the lease; the holder renews its heartbeat, and a holder
 * that stopped renewing for longer than the ttl, or whose process is seen to be gone, is taken over.
 *
 * <p>Every write is one auto-commit statement, never part of a caller's transaction: a plain INSERT that the primary
 * key lets one process win, else an UPDATE that takes the row over only if it still names the holder that was judged
 * dead (its run id and heartbeat unchanged), so two processes taking over at once cannot both succeed. On PostgreSQL
 * a failed INSERT aborts the transaction it is in, which is why it must not share one.
 */
public class InboxLeases {

    /** What {@link #acquire} found. */
    public sealed interface Acquisition {
    }

    /**
     * The lease is this pipeline's now.
     *
     * @param previous the dead holder it was taken over from, or null
     * @param why      why that holder counts as dead, or null
     */
    public record Acquired(InboxLeaseHolder previous, String why) implements Acquisition {
    }

    /** A live holder has it: another process, or another pipeline of this one. */
    public record Refused(InboxLeaseHolder holder) implements Acquisition {
    }

    // column sizes from V9__inbox_lease.sql
    private static final int INSTANCE_ID = 200, HOST = 255, PID_SCOPE = 200, PIPELINE = 200, INBOX_PATH = 2000;

    private static final String COLUMNS = "inbox_id, instance_id, run_id, host, pid_scope, pid, process_start,"
            + " pipeline, inbox_path, acquired_at, heartbeat_at";

    /** A row can vanish (released) or change hands between our statements; a few rounds settle it. */
    private static final int ROUNDS = 5;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final LocalProcess me;
    private final Duration ttl;

    public InboxLeases(JdbcTemplate jdbc, Clock clock, LocalProcess me, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("filebridge.intake.inbox-lease-ttl must be positive, not " + ttl);
        }
        this.jdbc = jdbc;
        this.clock = clock;
        this.me = me;
        this.ttl = ttl;
    }

    /**
     * Takes the lease of {@code inboxId} for {@code pipeline} of this process: a free lease, one this pipeline holds
     * already, or one whose holder is dead. Refused while a live holder has it.
     */
    public Acquisition acquire(String inboxId, String pipeline, String inboxPath) {
        String p = fit(pipeline, PIPELINE);
        for (int round = 0; round < ROUNDS; round++) {
            Instant now = now();
            // look before inserting: a waiting pipeline asks every few seconds, and on PostgreSQL each losing INSERT
            // is an ERROR line in the server's log
            Optional<InboxLeaseHolder> found = find(inboxId);
            if (found.isEmpty()) {
                try {
                    jdbc.update("insert into fb_inbox_lease (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            inboxId, fit(me.instanceId(), INSTANCE_ID), me.runId(), fit(me.host(), HOST),
                            fit(me.pidScope(), PID_SCOPE), me.pid(), utc(me.started()), p, fit(inboxPath, INBOX_PATH),
                            utc(now), utc(now));
                    return new Acquired(null, null);
                } catch (DuplicateKeyException raced) {
                    continue; // another process inserted it first: judge that holder
                }
            }
            InboxLeaseHolder holder = found.get();
            if (holder.runId().equals(me.runId())) {
                if (holder.pipeline().equals(p) && renew(inboxId, pipeline)) {
                    return new Acquired(null, null);
                }
                if (!holder.pipeline().equals(p)) {
                    return new Refused(holder);
                }
                continue;
            }
            Optional<String> dead = deathOf(holder, now);
            if (dead.isEmpty()) {
                return new Refused(holder);
            }
            int taken = jdbc.update("update fb_inbox_lease set instance_id = ?, run_id = ?, host = ?, pid_scope = ?,"
                    + " pid = ?, process_start = ?, pipeline = ?, inbox_path = ?, acquired_at = ?, heartbeat_at = ?"
                    + " where inbox_id = ? and run_id = ? and heartbeat_at = ?",
                    fit(me.instanceId(), INSTANCE_ID), me.runId(), fit(me.host(), HOST), fit(me.pidScope(), PID_SCOPE),
                    me.pid(), utc(me.started()), p, fit(inboxPath, INBOX_PATH), utc(now), utc(now), inboxId,
                    holder.runId(), utc(holder.heartbeatAt()));
            if (taken == 1) {
                return new Acquired(holder, dead.get());
            }
            // the holder renewed, released, or someone else took it over meanwhile: look again
        }
        return find(inboxId).<Acquisition>map(Refused::new).orElseThrow(() -> new IllegalStateException(
                "the lease of inbox " + inboxId + " kept changing hands while " + pipeline + " tried to take it"));
    }

    /**
     * Renews the heartbeat of this pipeline's lease. False if the lease is no longer this process's (released, or
     * taken over by another process after this one missed its heartbeats): the pipeline must stop consuming.
     */
    public boolean renew(String inboxId, String pipeline) {
        return jdbc.update("update fb_inbox_lease set heartbeat_at = ? where inbox_id = ? and run_id = ?"
                + " and pipeline = ?", utc(now()), inboxId, me.runId(), fit(pipeline, PIPELINE)) == 1;
    }

    /** Gives the lease up (a graceful stop), if this pipeline of this process still holds it. */
    public void release(String inboxId, String pipeline) {
        jdbc.update("delete from fb_inbox_lease where inbox_id = ? and run_id = ? and pipeline = ?", inboxId,
                me.runId(), fit(pipeline, PIPELINE));
    }

    public Optional<InboxLeaseHolder> find(String inboxId) {
        return jdbc.query("select " + COLUMNS + " from fb_inbox_lease where inbox_id = ?", HOLDER, inboxId).stream()
                .findFirst();
    }

    /**
     * Why {@code holder} counts as dead at {@code now}; empty while it is alive. A holder on this machine whose process
     * is gone is dead at once (a restart after kill -9 need not wait for the ttl); any other holder is dead once its
     * heartbeat is older than the ttl. This process itself is never dead, whatever its heartbeat says.
     */
    Optional<String> deathOf(InboxLeaseHolder holder, Instant now) {
        if (holder.runId().equals(me.runId())) {
            return Optional.empty();
        }
        if (me.sameMachine(holder.host(), holder.pidScope())) {
            Optional<String> gone = LocalProcess.gone(holder.pid(), holder.started());
            if (gone.isPresent()) {
                return gone;
            }
        }
        if (holder.heartbeatAt().plus(ttl).isBefore(now)) {
            return Optional.of("its last heartbeat (" + holder.heartbeatAt() + ") is older than the lease ttl ("
                    + ttl + ")");
        }
        return Optional.empty();
    }

    public LocalProcess process() {
        return me;
    }

    public Duration ttl() {
        return ttl;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS),
                ZoneOffset.UTC);
    }

    /** Cuts a value to its column, so an odd host name or a long path never makes the lease write fail. */
    private static String fit(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    private static final RowMapper<InboxLeaseHolder> HOLDER = (rs, n) -> new InboxLeaseHolder(
            rs.getString("inbox_id"),
            rs.getString("instance_id"),
            rs.getString("run_id"),
            rs.getString("host"),
            rs.getString("pid_scope"),
            rs.getLong("pid"),
            instant(rs, "process_start"),
            rs.getString("pipeline"),
            rs.getString("inbox_path"),
            instant(rs, "acquired_at"),
            instant(rs, "heartbeat_at"));

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
