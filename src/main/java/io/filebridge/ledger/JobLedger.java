package io.filebridge.ledger;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ledger of asynchronous jobs: what was submitted, which outputs are expected, and which were delivered. Every
 * step that several instances (or a restart) could repeat is a conditional update, so a job is polled by one
 * instance at a time and each output is delivered once.
 */
@Repository
public class JobLedger {

    /** One expected output: an action type for a target language. */
    public record ExpectedOutput(String actionType, String targetLang) {
    }

    private static final int ERROR = 4000, PATH = 2000, JOB_ID = 200;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Ledger ledger;
    private final Clock clock;

    public JobLedger(JdbcTemplate jdbc, Ledger ledger, Clock clock) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
        this.ledger = ledger;
        this.clock = clock;
    }

    /**
     * The file's job was accepted by the vendor: SUBMITTED, with its outputs PENDING, atomically.
     *
     * <p>A retried file keeps its row, so it may have a job already (the one that failed). That job is replaced by
     * this one, and of its outputs only those this submission asks for and that did not arrive (FAILED) start
     * again as PENDING: a DELIVERED output stays delivered and is never fetched twice. An expected output the row
     * never had is added.
     */
    public void submitted(long fileId, String vendorJobId, String spoolPath, String spec, List<ExpectedOutput> outputs,
            Instant firstPoll) {
        submitted(fileId, vendorJobId, spoolPath, spec, outputs, firstPoll, null);
    }

    /** As above, keeping the submission receipt on the file's row (see {@link Ledger#markSubmitted(long, String, String)}). */
    public void submitted(long fileId, String vendorJobId, String spoolPath, String spec, List<ExpectedOutput> outputs,
            Instant firstPoll, String receipt) {
        Instant now = now();
        tx.executeWithoutResult(status -> {
            ledger.markSubmitted(fileId, Ledger.fit(vendorJobId, JOB_ID), receipt);
            for (ExpectedOutput output : outputs) {
                int reset = jdbc.update("update fb_output set state = ?, output_path = null, score = null,"
                        + " error = null, updated_at = ? where file_id = ? and action_type = ? and target_lang = ?"
                        + " and state = ?", OutputState.PENDING.name(), utc(now), fileId, output.actionType(),
                        output.targetLang(), OutputState.FAILED.name());
                if (reset == 0 && jdbc.queryForObject("select count(*) from fb_output where file_id = ? and"
                        + " action_type = ? and target_lang = ?", Integer.class, fileId, output.actionType(),
                        output.targetLang()) == 0) {
                    jdbc.update("insert into fb_output (file_id, action_type, target_lang, state, updated_at)"
                            + " values (?, ?, ?, ?, ?)", fileId, output.actionType(), output.targetLang(),
                            OutputState.PENDING.name(), utc(now));
                }
            }
            jdbc.update("delete from fb_job where file_id = ?", fileId);
            jdbc.update("insert into fb_job (file_id, vendor_job_id, spool_path, spec, submitted_at, next_poll_at,"
                    + " polls) values (?, ?, ?, ?, ?, ?, 0)", fileId, Ledger.fit(vendorJobId, JOB_ID),
                    Ledger.fit(spoolPath, PATH), spec, utc(now), utc(firstPoll));
        });
    }

    /** Jobs still SUBMITTED whose next look is due, oldest first. */
    public List<JobEntry> due(Instant now, int limit) {
        return jdbc.query("select j.file_id, j.vendor_job_id, j.spool_path, j.spec, j.submitted_at, j.next_poll_at,"
                + " j.polls from fb_job j join fb_file f on f.id = j.file_id where f.state = 'SUBMITTED'"
                + " and j.next_poll_at <= ? order by j.next_poll_at fetch first " + Math.max(1, limit) + " rows only",
                JOB, utc(now));
    }

    /**
     * Takes the job for one look: succeeds only if nobody else moved its next-poll time meanwhile. The winner sets
     * the next look; a second instance (or a callback racing the poller) gets false and leaves the job alone.
     */
    public boolean claim(JobEntry job, Instant nextPoll) {
        return jdbc.update("update fb_job set next_poll_at = ?, polls = polls + 1 where file_id = ? and"
                + " next_poll_at = ?", utc(nextPoll), job.fileId(), utc(job.nextPollAt())) == 1;
    }

    /** Brings a job's next look forward, e.g. when a callback says it finished. */
    public void pollSoon(long fileId, Instant at) {
        jdbc.update("update fb_job set next_poll_at = ? where file_id = ? and next_poll_at > ?", utc(at), fileId,
                utc(at));
    }

    /**
     * Brings the next look of every open job forward to {@code at}; returns how many moved. At start: while
     * filebridge was down, jobs may have finished (or their callbacks gone unanswered), and a next look planned
     * with an older, slower schedule should not keep a finished job waiting.
     */
    public int pollAllSoon(Instant at) {
        return jdbc.update("update fb_job set next_poll_at = ? where next_poll_at > ? and file_id in"
                + " (select id from fb_file where state = 'SUBMITTED')", utc(at), utc(at));
    }

    public Optional<JobEntry> find(long fileId) {
        return jdbc.query("select file_id, vendor_job_id, spool_path, spec, submitted_at, next_poll_at, polls"
                + " from fb_job where file_id = ?", JOB, fileId).stream().findFirst();
    }

    public Optional<JobEntry> findByVendorJobId(String vendorJobId) {
        return jdbc.query("select file_id, vendor_job_id, spool_path, spec, submitted_at, next_poll_at, polls"
                + " from fb_job where vendor_job_id = ?", JOB, vendorJobId).stream().findFirst();
    }

    public List<OutputEntry> outputs(long fileId) {
        return jdbc.query("select id, file_id, action_type, target_lang, state, output_path, score, error,"
                + " updated_at, failed_stage from fb_output where file_id = ? order by id", OUTPUT, fileId);
    }

    /** Marks a PENDING output delivered; false when it was not PENDING any more (someone else delivered it). */
    public boolean delivered(long outputId, String outputPath, Double score) {
        return jdbc.update("update fb_output set state = ?, output_path = ?, score = ?, updated_at = ? where id = ?"
                + " and state = ?", OutputState.DELIVERED.name(), Ledger.fit(outputPath, PATH), score, utc(now()),
                outputId, OutputState.PENDING.name()) == 1;
    }

    /** Marks a PENDING output failed at the vendor, with the reason; false when it was not PENDING any more. */
    public boolean failed(long outputId, String error) {
        return failed(outputId, error, FailedStage.VENDOR);
    }

    /** Marks a PENDING output failed at {@code stage}, with the reason; false when it was not PENDING any more. */
    public boolean failed(long outputId, String error, FailedStage stage) {
        return jdbc.update("update fb_output set state = ?, error = ?, failed_stage = ?, updated_at = ? where id = ?"
                + " and state = ?", OutputState.FAILED.name(), Ledger.fit(error, ERROR), stage.name(), utc(now()),
                outputId, OutputState.PENDING.name()) == 1;
    }

    /** Counts one more look that could not write the output to its target; returns how many in a row. */
    public int deliveryFailed(long outputId) {
        jdbc.update("update fb_output set delivery_failures = delivery_failures + 1, updated_at = ? where id = ?",
                utc(now()), outputId);
        return jdbc.queryForObject("select delivery_failures from fb_output where id = ?", Integer.class, outputId);
    }

    /**
     * A retry of a job whose outputs failed only at their delivery, while the vendor still keeps them: those outputs
     * are PENDING again and the job is looked at now; nothing is ordered again. Atomic with the row's move from
     * RETRYING back to SUBMITTED. Returns how many outputs reopened (0: nothing done, the row is left as it was).
     */
    public int reopenDeliveries(long fileId, Instant lookAt, String detail) {
        Integer reopened = tx.execute(status -> {
            int outputs = jdbc.update("update fb_output set state = ?, error = null, failed_stage = null,"
                    + " delivery_failures = 0, updated_at = ? where file_id = ? and state = ? and failed_stage = ?",
                    OutputState.PENDING.name(), utc(now()), fileId, OutputState.FAILED.name(),
                    FailedStage.DELIVERY.name());
            if (outputs == 0 || !ledger.reopenJob(fileId, detail)) {
                status.setRollbackOnly();
                return 0;
            }
            jdbc.update("update fb_job set next_poll_at = ? where file_id = ?", utc(lookAt), fileId);
            return outputs;
        });
        return reopened == null ? 0 : reopened;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    private static Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static final RowMapper<JobEntry> JOB = (rs, n) -> new JobEntry(rs.getLong("file_id"),
            rs.getString("vendor_job_id"), rs.getString("spool_path"), rs.getString("spec"),
            instant(rs, "submitted_at"), instant(rs, "next_poll_at"), rs.getInt("polls"));

    private static final RowMapper<OutputEntry> OUTPUT = (rs, n) -> new OutputEntry(rs.getLong("id"),
            rs.getLong("file_id"), rs.getString("action_type"), rs.getString("target_lang"),
            OutputState.valueOf(rs.getString("state")), rs.getString("output_path"),
            rs.getObject("score") == null ? null : rs.getDouble("score"), rs.getString("error"),
            instant(rs, "updated_at"), rs.getString("failed_stage") == null ? null
                    : FailedStage.valueOf(rs.getString("failed_stage")));
}
