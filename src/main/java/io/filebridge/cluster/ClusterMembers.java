package io.filebridge.cluster;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * The instances on one ledger ({@code fb_instance}, V12__cluster.sql) and who of them is alive. Each write is one
 * auto-commit statement. An instance is dead once its heartbeat is older than the ttl, or at once when it ran on this
 * machine and its process is gone (a restart after kill -9 need not wait); this process itself is never dead.
 * Hosts sharing a ledger need clocks that agree (NTP): heartbeats are stamped with each instance's own clock.
 */
public class ClusterMembers {

    // column sizes from V12__cluster.sql
    private static final int INSTANCE_ID = 200, HOST = 255, PID_SCOPE = 200;

    private static final String COLUMNS = "run_id, instance_id, host, pid_scope, pid, process_start, joined_at,"
            + " heartbeat_at";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final LocalProcess me;
    private final Duration ttl;
    /** When this process last joined or renewed its heartbeat (monotonic); 0 while it is not a member. */
    private volatile long renewedAtNanos;

    public ClusterMembers(JdbcTemplate jdbc, Clock clock, LocalProcess me, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("filebridge.cluster.instance-ttl must be positive, not " + ttl);
        }
        this.jdbc = jdbc;
        this.clock = clock;
        this.me = me;
        this.ttl = ttl;
    }

    /** Adds this process's row. */
    public void join() {
        Instant now = now();
        jdbc.update("insert into fb_instance (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?)", me.runId(),
                fit(me.instanceId(), INSTANCE_ID), fit(me.host(), HOST), fit(me.pidScope(), PID_SCOPE), me.pid(),
                utc(me.started()), utc(now), utc(now));
        renewedAtNanos = System.nanoTime();
    }

    /** Renews this process's heartbeat; false if its row is gone (another instance judged it dead and removed it). */
    public boolean heartbeat() {
        long before = System.nanoTime();
        boolean known = jdbc.update("update fb_instance set heartbeat_at = ? where run_id = ?", utc(now()),
                me.runId()) == 1;
        if (known) {
            renewedAtNanos = before;
        }
        return known;
    }

    /**
     * True while this process's heartbeat was renewed within half the ttl, so no other instance can count it as dead
     * yet: only then may it claim a file.
     */
    public boolean fresh() {
        long renewed = renewedAtNanos;
        return renewed != 0 && System.nanoTime() - renewed < ttl.toNanos() / 2;
    }

    /** How long ago (monotonic) this process's heartbeat was last renewed. */
    Duration sinceRenewed() {
        return Duration.ofNanos(System.nanoTime() - renewedAtNanos);
    }

    /** Removes this process's row and its file claims: a graceful stop, once every file in flight is finished. */
    public void leave() {
        renewedAtNanos = 0;
        jdbc.update("delete from fb_file_claim where run_id = ?", me.runId());
        jdbc.update("delete from fb_instance where run_id = ?", me.runId());
    }

    public List<Member> members() {
        return jdbc.query("select " + COLUMNS + " from fb_instance order by instance_id, joined_at", MEMBER);
    }

    public Optional<Member> find(String runId) {
        return jdbc.query("select " + COLUMNS + " from fb_instance where run_id = ?", MEMBER, runId).stream()
                .findFirst();
    }

    /**
     * Why {@code member} counts as dead at {@code now}; empty while it is alive. A member on this machine whose process
     * is gone is dead at once; any other once its heartbeat is older than the ttl.
     */
    public Optional<String> deathOf(Member member, Instant now) {
        if (member.runId().equals(me.runId())) {
            return Optional.empty();
        }
        if (me.sameMachine(member.host(), member.pidScope())) {
            Optional<String> gone = LocalProcess.gone(member.pid(), member.started());
            if (gone.isPresent()) {
                return gone;
            }
        }
        if (member.heartbeatAt().plus(ttl).isBefore(now)) {
            return Optional.of("its last heartbeat (" + member.heartbeatAt() + ") is older than "
                    + "filebridge.cluster.instance-ttl (" + ttl + ")");
        }
        return Optional.empty();
    }

    /**
     * Removes the rows of instances dead for longer than {@code after} and the claims of runs that have no row: what
     * killed instances leave behind once nobody needs to see them. Returns how many instance rows went.
     */
    public int forgetDead(Duration after) {
        Instant now = now();
        int gone = 0;
        for (Member member : members()) {
            if (member.heartbeatAt().plus(after).isBefore(now) && deathOf(member, now).isPresent()) {
                gone += jdbc.update("delete from fb_instance where run_id = ? and heartbeat_at = ?", member.runId(),
                        utc(member.heartbeatAt()));
            }
        }
        jdbc.update("delete from fb_file_claim where run_id not in (select run_id from fb_instance)");
        return gone;
    }

    public LocalProcess process() {
        return me;
    }

    public Duration ttl() {
        return ttl;
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS),
                ZoneOffset.UTC);
    }

    /** Cuts a value to its column, so an odd host name never makes a write fail. */
    static String fit(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static final RowMapper<Member> MEMBER = (rs, n) -> new Member(
            rs.getString("run_id"),
            rs.getString("instance_id"),
            rs.getString("host"),
            rs.getString("pid_scope"),
            rs.getLong("pid"),
            instant(rs, "process_start"),
            instant(rs, "joined_at"),
            instant(rs, "heartbeat_at"));
}
