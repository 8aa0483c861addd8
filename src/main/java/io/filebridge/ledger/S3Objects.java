package io.filebridge.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * Which S3 objects a pipeline has claimed or handled ({@code fb_s3_object}, see V4__s3_objects.sql), so that an
 * object is taken by one instance at a time and, once done, never uploaded again: not after a restart, not by
 * another instance on the same database, not when the same key and content is put back.
 *
 * <p>The claim is atomic without locks: a plain INSERT that the unique constraint lets only one instance win, else a
 * conditional UPDATE that takes over a FAILED object or a claim whose holder is gone (lease expired, or this
 * instance's own claim from before it started). Each statement runs on its own (auto-commit, never inside a caller's
 * transaction): on PostgreSQL a failed INSERT aborts the transaction it is in, so it must not share one.
 */
@Repository
public class S3Objects {

    public static final String CLAIMED = "CLAIMED", DONE = "DONE", FAILED = "FAILED";

    /** What a claim attempt found. */
    public enum ClaimResult {
        /** This instance holds the object now and must process it. */
        CLAIMED,
        /** The object was handled before: do not process it again, just let the consumer move it away. */
        ALREADY_DONE,
        /** Another instance (or another poll of this one) is processing it right now: leave it alone. */
        HELD
    }

    /** The answer to {@link #claim}: the result and the object's row as it stands after the attempt. */
    public record Claim(ClaimResult result, S3ObjectEntry entry) {
    }

    private static final int PIPELINE = 200, BUCKET = 255, ETAG = 200, DETAIL = 4000;

    private static final String COLUMNS = "id, pipeline, bucket, object_key, etag, outcome, instance_id, claimed_at,"
            + " lease_until, finished_at, file_id, repeats, detail";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final String instanceId;
    private final Duration lease;
    /** Claims this instance holds from before this moment were left by an earlier run of it: they are dead. */
    private final Instant startedAt;

    @Autowired
    public S3Objects(JdbcTemplate jdbc, Clock clock, Ledger ledger, S3ClaimSettings settings) {
        this(jdbc, clock, ledger, settings.s3ClaimLease());
    }

    public S3Objects(JdbcTemplate jdbc, Clock clock, Ledger ledger, Duration lease) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.instanceId = ledger.instanceId();
        this.lease = lease;
        this.startedAt = now();
    }

    /**
     * Claims the object (pipeline, bucket, key, ETag) for this instance, or says why not. The key is taken as is
     * (S3 keys are at most 1024 bytes): cutting it would make different objects look the same.
     */
    public Claim claim(String pipeline, String bucket, String key, String etag) {
        String p = Ledger.fit(pipeline, PIPELINE), b = Ledger.fit(bucket, BUCKET), e = Ledger.fit(etag, ETAG);
        Instant now = now();
        try {
            jdbc.update("insert into fb_s3_object (pipeline, bucket, object_key, etag, outcome, instance_id,"
                    + " claimed_at, lease_until) values (?, ?, ?, ?, ?, ?, ?, ?)", p, b, key, e, CLAIMED, instanceId,
                    utc(now), utc(now.plus(lease)));
            return new Claim(ClaimResult.CLAIMED, find(p, b, key, e).orElseThrow());
        } catch (DuplicateKeyException known) {
            // the object has a row: take it over if its holder is gone or it failed before, else report it
        }
        int taken = jdbc.update("update fb_s3_object set outcome = ?, instance_id = ?, claimed_at = ?,"
                + " lease_until = ?, finished_at = null, detail = null"
                + " where pipeline = ? and bucket = ? and object_key = ? and etag = ?"
                + " and (outcome = ? or (outcome = ? and (lease_until < ? or (instance_id = ? and claimed_at < ?))))",
                CLAIMED, instanceId, utc(now), utc(now.plus(lease)), p, b, key, e, FAILED, CLAIMED, utc(now),
                instanceId, utc(startedAt));
        S3ObjectEntry entry = find(p, b, key, e).orElseThrow(() -> new IllegalStateException(
                "the ledger row of s3://" + b + "/" + key + " vanished while claiming it"));
        if (taken == 1) {
            return new Claim(ClaimResult.CLAIMED, entry);
        }
        return new Claim(entry.done() ? ClaimResult.ALREADY_DONE : ClaimResult.HELD, entry);
    }

    /**
     * The object is handled; {@code fileId} is its fb_file row (null keeps the one recorded). Later claims of the same
     * object answer {@link ClaimResult#ALREADY_DONE}. Idempotent.
     */
    public void done(long id, Long fileId) {
        jdbc.update("update fb_s3_object set outcome = ?, file_id = coalesce(?, file_id),"
                + " finished_at = coalesce(finished_at, ?) where id = ?", DONE, fileId, utc(now()), id);
    }

    /**
     * Processing failed (the object went to the failed prefix): the claim ends, and a copy of the object put back
     * later may be claimed again. Only while this instance still holds the object. This also turns the holder's own
     * DONE into FAILED (a later step failed after the vendor had the file): the copy put back is then taken again,
     * and the content check of the vendor step answers it with a duplicate receipt instead of a second upload.
     */
    public void failed(long id, Long fileId, String detail) {
        jdbc.update("update fb_s3_object set outcome = ?, file_id = coalesce(?, file_id), finished_at = ?,"
                + " detail = ? where id = ? and outcome in (?, ?) and instance_id = ?", FAILED, fileId, utc(now()),
                Ledger.fit(detail, DETAIL), id, CLAIMED, DONE, instanceId);
    }

    /**
     * The job made from these objects failed later, after they were DONE (a translation whose vendor job failed once
     * the input had moved on): like a failure in the pipeline, a copy put back (by a retry or by hand) may be claimed
     * again. Any instance may say so, since any instance may follow the job. Returns how many objects reopened.
     */
    public int jobFailed(long fileId, String detail) {
        return jdbc.update("update fb_s3_object set outcome = ?, detail = ? where file_id = ? and outcome = ?", FAILED,
                Ledger.fit(detail, DETAIL), fileId, DONE);
    }

    /** Gives up this instance's claim without an outcome (nothing was done), so the next poll may claim it again. */
    public void release(long id) {
        jdbc.update("delete from fb_s3_object where id = ? and outcome = ? and instance_id = ?", id, CLAIMED,
                instanceId);
    }

    /** A DONE object turned up again and was not processed: counted, with who saw it when. */
    public void seenAgain(long id) {
        jdbc.update("update fb_s3_object set repeats = repeats + 1, detail = ? where id = ?",
                Ledger.fit("seen again by " + instanceId + " at " + now() + ", not processed again", DETAIL), id);
    }

    public Optional<S3ObjectEntry> find(String pipeline, String bucket, String key, String etag) {
        return jdbc.query("select " + COLUMNS + " from fb_s3_object where pipeline = ? and bucket = ?"
                + " and object_key = ? and etag = ?", ENTRY, Ledger.fit(pipeline, PIPELINE), Ledger.fit(bucket, BUCKET),
                key, Ledger.fit(etag, ETAG)).stream().findFirst();
    }

    public String instanceId() {
        return instanceId;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static final RowMapper<S3ObjectEntry> ENTRY = (rs, n) -> new S3ObjectEntry(
            rs.getLong("id"),
            rs.getString("pipeline"),
            rs.getString("bucket"),
            rs.getString("object_key"),
            rs.getString("etag"),
            rs.getString("outcome"),
            rs.getString("instance_id"),
            instant(rs, "claimed_at"),
            instant(rs, "lease_until"),
            instant(rs, "finished_at"),
            rs.getObject("file_id", Long.class),
            rs.getInt("repeats"),
            rs.getString("detail"));

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
