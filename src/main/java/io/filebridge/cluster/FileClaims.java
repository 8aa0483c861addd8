package io.filebridge.cluster;

import static io.filebridge.cluster.ClusterMembers.fit;
import static io.filebridge.cluster.ClusterMembers.utc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * Which instance holds which hot-folder file ({@code fb_file_claim}, V12__cluster.sql). A file is claimed once it is
 * stable, before anything else happens to it; the claim lasts while its instance's heartbeat is fresh
 * ({@link ClusterHeartbeat}), so a long upload needs no renewal of its own, and is released after the file's archive
 * or failed move. A claim whose instance is dead is taken over.
 *
 * <p>Each write is one auto-commit statement: an INSERT that the primary key lets one instance win, else an UPDATE that
 * takes the row over only while it still names the run judged dead, so two instances taking over at once cannot both
 * succeed. Releases are queued and deleted together on the next heartbeat (a file's path is free again at most a
 * heartbeat after its move): a claim asked for again before then is still this process's and simply kept.
 */
public class FileClaims {

    /** What {@link #claim} found. */
    public sealed interface Outcome {
    }

    /**
     * The file is this process's now.
     *
     * @param takenOverFrom the dead instance that held it, or null
     * @param why           why that instance counts as dead, or null
     */
    public record Claimed(Member takenOverFrom, String why) implements Outcome {
    }

    /** A live instance holds it (this process's other pipelines included). */
    public record HeldBy(Member holder, String pipeline) implements Outcome {
    }

    /** This process may not claim now: its own heartbeat is late, so the others may soon count it as dead. */
    public record NotNow(String why) implements Outcome {
    }

    /** One row, for the cluster view. */
    public record Claim(String inboxId, String relativePath, String pipeline, String runId, Instant claimedAt) {
    }

    // column sizes from V12__cluster.sql
    private static final int RELATIVE_PATH = 2000, PIPELINE = 200;
    /** A claim can be released or change hands between our statements; a few rounds settle it. */
    private static final int ROUNDS = 4;

    private final JdbcTemplate jdbc;
    private final ClusterMembers members;
    /** Claim keys released but not yet deleted; guarded by {@code this}. */
    private final Set<String> releasing = new HashSet<>();

    public FileClaims(JdbcTemplate jdbc, ClusterMembers members) {
        this.jdbc = jdbc;
        this.members = members;
    }

    /** Claims the file at {@code relativePath} of the inbox {@code inboxId} for {@code pipeline} of this process. */
    public Outcome claim(String inboxId, String relativePath, String pipeline) {
        if (!members.fresh()) {
            return new NotNow("this instance's heartbeat is late (ledger slow or unreachable, or the process was"
                    + " frozen); it takes no new file until the heartbeat is renewed");
        }
        String key = key(inboxId, relativePath);
        String me = members.process().runId();
        synchronized (this) {
            if (releasing.remove(key)) {
                return new Claimed(null, null); // released but not deleted yet: still ours
            }
        }
        for (int round = 0; round < ROUNDS; round++) {
            Instant now = members.now();
            int inserted = jdbc.update("insert into fb_file_claim (claim_key, inbox_id, relative_path, pipeline,"
                    + " run_id, claimed_at) values (?, ?, ?, ?, ?, ?) on conflict do nothing", key, inboxId,
                    fit(relativePath, RELATIVE_PATH), fit(pipeline, PIPELINE), me, utc(now));
            if (inserted == 1) {
                return new Claimed(null, null);
            }
            Optional<Holder> found = holder(key);
            if (found.isEmpty()) {
                continue; // released meanwhile
            }
            Holder holder = found.get();
            if (holder.runId().equals(me)) {
                return holder.pipeline().equals(fit(pipeline, PIPELINE)) ? new Claimed(null, null)
                        : new HeldBy(holder.member(), holder.pipeline());
            }
            Optional<String> dead = holder.member() == null ? Optional.of("it is no longer among the instances")
                    : members.deathOf(holder.member(), now);
            if (dead.isEmpty()) {
                return new HeldBy(holder.member(), holder.pipeline());
            }
            int taken = jdbc.update("update fb_file_claim set run_id = ?, pipeline = ?, claimed_at = ? where"
                    + " claim_key = ? and run_id = ?", me, fit(pipeline, PIPELINE), utc(now), key, holder.runId());
            if (taken == 1) {
                return new Claimed(holder.member(), dead.get());
            }
        }
        return new NotNow("the claim of " + relativePath + " kept changing hands");
    }

    /** Gives the file up: its archive or failed move is done, or it was left in place for a later poll. */
    public synchronized void release(String inboxId, String relativePath) {
        releasing.add(key(inboxId, relativePath));
    }

    /** Deletes the claims released since the last call; on every heartbeat, and when this process stops. */
    public void flushReleases() {
        synchronized (this) {
            if (releasing.isEmpty()) {
                return;
            }
            List<String> keys = new ArrayList<>(releasing);
            String me = members.process().runId();
            List<Object[]> rows = keys.stream().map(k -> new Object[] {k, me}).toList();
            jdbc.batchUpdate("delete from fb_file_claim where claim_key = ? and run_id = ?", rows);
            releasing.clear();
        }
    }

    /** This host's name, part of an inbox's identity where it has no marker file. */
    public String host() {
        return members.process().host();
    }

    /** The oldest {@code limit} claims: for the cluster view. */
    public List<Claim> claims(int limit) {
        return jdbc.query("select inbox_id, relative_path, pipeline, run_id, claimed_at from fb_file_claim"
                + " order by claimed_at fetch first ? rows only", (rs, n) -> new Claim(rs.getString("inbox_id"),
                        rs.getString("relative_path"), rs.getString("pipeline"), rs.getString("run_id"),
                        ClusterMembers.instant(rs, "claimed_at")), limit);
    }

    /** Every claim, oldest first. */
    public List<Claim> claims() {
        return claims(Integer.MAX_VALUE);
    }

    /** How many files each run holds. */
    public Map<String, Integer> heldByRun() {
        Map<String, Integer> held = new HashMap<>();
        jdbc.query("select run_id, count(*) as files from fb_file_claim group by run_id",
                rs -> { held.put(rs.getString("run_id"), rs.getInt("files")); });
        return held;
    }

    private Optional<Holder> holder(String key) {
        return jdbc.query("select c.run_id as holder_run, c.pipeline as holder_pipeline, i.* from fb_file_claim c"
                + " left join fb_instance i on i.run_id = c.run_id where c.claim_key = ?", HOLDER, key).stream()
                .findFirst();
    }

    /** A claim's run and pipeline, with its instance's row (null when the instance has none any more). */
    private record Holder(String runId, String pipeline, Member member) {
    }

    private static final RowMapper<Holder> HOLDER = (rs, n) -> new Holder(rs.getString("holder_run"),
            rs.getString("holder_pipeline"), rs.getString("run_id") == null ? null
                    : ClusterMembers.MEMBER.mapRow(rs, n));

    /** The SHA-256 of inbox and path: a key that fits an index whatever the path's length. */
    static String key(String inboxId, String relativePath) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(inboxId.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            sha.update(relativePath.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
