package io.filebridge.ops.api;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.filebridge.ledger.FileState;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * Job lists for the ops API: plain SQL on fb_file that runs the same on H2 (PostgreSQL mode) and PostgreSQL.
 * Newest first by id, which follows receive order even when instances' clocks differ (see Ledger).
 */
@Repository
class JobQueries {

    private static final String COLUMNS = "id, pipeline, vendor, file_name, relative_path, size_bytes, sha256, state,"
            + " vendor_id, attempts, last_http_status, last_error, received_at, updated_at, finished_at, failed_copy,"
            + " failed_stage, reuploads";

    private final JdbcTemplate jdbc;

    JobQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    JobPage search(JobFilter filter) {
        List<Object> args = new ArrayList<>();
        String where = where(filter, args);
        long total = jdbc.queryForObject("select count(*) from fb_file" + where, Long.class, args.toArray());
        args.add((long) filter.page() * filter.size());
        args.add(filter.size());
        List<JobView> items = jdbc.query("select " + COLUMNS + " from fb_file" + where
                + " order by id desc offset ? rows fetch next ? rows only", JOB, args.toArray());
        return new JobPage(items, filter.page(), filter.size(), total);
    }

    Optional<JobView> find(long id) {
        return jdbc.query("select " + COLUMNS + " from fb_file where id = ?", JOB, id).stream().findFirst();
    }

    List<JobDetail.Step> timeline(long id) {
        return jdbc.query("select at, kind, http_status, detail from fb_event where file_id = ? order by id",
                (rs, n) -> new JobDetail.Step(instant(rs, "at"), rs.getString("kind"),
                        rs.getObject("http_status", Integer.class), rs.getString("detail")), id);
    }

    private static String where(JobFilter filter, List<Object> args) {
        List<String> conditions = new ArrayList<>();
        if (filter.pipeline() != null) {
            conditions.add("pipeline = ?");
            args.add(filter.pipeline());
        }
        if (filter.state() != null) {
            conditions.add("state = ?");
            args.add(filter.state().name());
        }
        if (filter.text() != null) {
            // the text is literal: % and _ in a file name are matched as themselves
            String like = "%" + filter.text().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                    .replace("_", "\\_") + "%";
            conditions.add("(lower(file_name) like ? escape '\\' or lower(relative_path) like ? escape '\\')");
            args.add(like);
            args.add(like);
        }
        if (filter.from() != null) {
            conditions.add("received_at >= ?");
            args.add(OffsetDateTime.ofInstant(filter.from(), ZoneOffset.UTC));
        }
        if (filter.to() != null) {
            conditions.add("received_at < ?");
            args.add(OffsetDateTime.ofInstant(filter.to(), ZoneOffset.UTC));
        }
        return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
    }

    /**
     * Retryable: it failed, was interrupted or dismissed, and its failed copy is known (a retry checks that the copy
     * is still there and answers 409 with the reason if not). Dismissable: it still needs a person.
     */
    private static final RowMapper<JobView> JOB = (rs, n) -> {
        String state = rs.getString("state");
        FileState known = FileState.valueOf(state);
        boolean retryable = (known.needsAPerson() || known == FileState.DISMISSED)
                && rs.getString("failed_copy") != null;
        return new JobView(rs.getLong("id"), rs.getString("pipeline"), rs.getString("vendor"),
                rs.getString("file_name"), rs.getString("relative_path"), rs.getLong("size_bytes"),
                rs.getString("sha256"), state, rs.getString("vendor_id"), rs.getInt("attempts"),
                rs.getObject("last_http_status", Integer.class), rs.getString("last_error"),
                instant(rs, "received_at"), instant(rs, "updated_at"), instant(rs, "finished_at"), retryable,
                rs.getString("failed_stage"), rs.getInt("reuploads"), known.needsAPerson());
    };

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
