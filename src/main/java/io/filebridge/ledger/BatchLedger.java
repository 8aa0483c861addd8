package io.filebridge.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The runs of scheduled pipelines ({@code fb_batch}): one row per run, written once when the run is over. Plain SQL
 * that runs the same on H2 (PostgreSQL mode) and PostgreSQL; text is cut to its column size, as in {@link Ledger}.
 */
@Repository
public class BatchLedger {

    // column sizes from V5__batches.sql
    private static final int PIPELINE = 200, INSTANCE_ID = 200, ERROR = 4000;

    private static final String COLUMNS = "id, pipeline, instance_id, started_at, finished_at, files_seen, uploaded,"
            + " duplicates, failed, skipped, poll_error";

    private final JdbcTemplate jdbc;

    public BatchLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a finished run and returns it with its ledger id. */
    public BatchSummary record(BatchSummary run) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement ps = connection.prepareStatement("insert into fb_batch (pipeline, instance_id,"
                    + " started_at, finished_at, files_seen, uploaded, duplicates, failed, skipped, poll_error)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"id"});
            ps.setString(1, Ledger.fit(run.pipeline(), PIPELINE));
            ps.setString(2, Ledger.fit(run.instanceId(), INSTANCE_ID));
            ps.setObject(3, utc(run.startedAt()));
            ps.setObject(4, utc(run.finishedAt()));
            ps.setInt(5, run.seen());
            ps.setInt(6, run.uploaded());
            ps.setInt(7, run.duplicates());
            ps.setInt(8, run.failed());
            ps.setInt(9, run.skipped());
            ps.setString(10, Ledger.fit(run.pollError(), ERROR));
            return ps;
        }, keys);
        return run.withId(keys.getKey().longValue());
    }

    /** The pipeline's runs, newest first, at most {@code limit}. */
    public List<BatchSummary> recent(String pipeline, int limit) {
        return jdbc.query("select " + COLUMNS + " from fb_batch where pipeline = ? order by started_at desc, id desc"
                + " fetch first " + Math.max(1, limit) + " rows only", ROW, Ledger.fit(pipeline, PIPELINE));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static final RowMapper<BatchSummary> ROW = (rs, n) -> new BatchSummary(rs.getLong("id"),
            rs.getString("pipeline"), rs.getString("instance_id"), instant(rs, "started_at"),
            instant(rs, "finished_at"), rs.getInt("files_seen"), rs.getInt("uploaded"), rs.getInt("duplicates"),
            rs.getInt("failed"), rs.getInt("skipped"), rs.getString("poll_error"));
}
