package io.filebridge.ledger;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The job ledger: one {@code fb_file} row per input file per pipeline, and its timeline in {@code fb_event}.
 *
 * <p>Plain SQL that runs the same on H2 (PostgreSQL mode) and PostgreSQL. Each change of a row and its event are
 * written in one transaction, so the timeline never disagrees with the row. Text is cut to its column size here,
 * because a too-long vendor error must never be the reason a ledger write fails.
 */
@Repository
public class Ledger {

    /** Event kind of one HTTP attempt; every other kind is the name of the state entered. */
    public static final String ATTEMPT = "ATTEMPT";

    /** Event kind of a vendor callback (webhook) that arrived for a file; it does not change the file's state. */
    public static final String CALLBACK = "CALLBACK";

    /** Event kind of an operator's retry request; the file's new run follows it in the timeline. */
    public static final String RETRY = "RETRY";

    static final String INTERRUPTED_ERROR =
            "interrupted by a stop while uploading; the vendor may have received the file once";

    /** States whose row still stands for "this content is handled": a later copy of it is a duplicate. */
    private static final EnumSet<FileState> TWIN_STATES =
            EnumSet.of(FileState.RECEIVED, FileState.UPLOADING, FileState.SUBMITTED, FileState.COMPLETED);

    /** States a crash can leave behind for this instance. */
    private static final EnumSet<FileState> STALE_STATES = EnumSet.of(FileState.RECEIVED, FileState.UPLOADING);

    // column sizes from V1__ledger.sql (request_id: V7)
    private static final int PIPELINE = 200, VENDOR = 50, FILE_NAME = 1000, RELATIVE_PATH = 2000,
            VENDOR_ID = 500, ERROR = 4000, INSTANCE_ID = 200, DETAIL = 4000, REQUEST_ID = 100;

    private static final String FILE_COLUMNS = "id, pipeline, vendor, file_name, relative_path, size_bytes, sha256,"
            + " state, vendor_id, attempts, last_http_status, last_error, duplicate_of, receipt, instance_id,"
            + " received_at, updated_at, finished_at";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final String instanceId;

    public Ledger(JdbcTemplate jdbc, Clock clock, @Value("${filebridge.instance-id:}") String instanceId) {
        this.jdbc = jdbc;
        // own transaction template on the same DataSource: it joins nothing and needs no transaction manager bean
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
        this.clock = clock;
        this.instanceId = fit(instanceId == null || instanceId.isBlank() ? localHostName() : instanceId.strip(),
                INSTANCE_ID);
    }

    /** The id this instance writes into its rows; {@link #interruptStale()} only touches rows with this id. */
    public String instanceId() {
        return instanceId;
    }

    /**
     * Records a newly picked-up file as RECEIVED and returns its row. A file an operator sent back for a retry (a
     * RETRYING row of the same pipeline, relative path and content) continues that row instead of getting a new one.
     */
    public FileEntry receive(NewFile f) {
        Instant now = now();
        long id = tx.execute(status -> {
            // Hold the 'receive' lock until commit, so ids become visible in the order they were handed out.
            // That is what lets findEarlierTwin trust that no lower id is still uncommitted (see V1__ledger.sql).
            jdbc.queryForObject("select name from fb_lock where name = 'receive' for update", String.class);
            Optional<Long> retried = jdbc.queryForList("select id from fb_file where pipeline = ? and state = ?"
                    + " and relative_path = ? and sha256 = ? order by id fetch first 1 rows only", Long.class,
                    fit(f.pipeline(), PIPELINE), FileState.RETRYING.name(), fit(f.relativePath(), RELATIVE_PATH),
                    f.sha256()).stream().findFirst();
            if (retried.isPresent()) {
                // the failed copy is back in the intake: same job, fresh run (attempts count again from 1)
                jdbc.update("update fb_file set state = ?, attempts = 0, last_error = null, finished_at = null,"
                        + " failed_copy = null, instance_id = ?, updated_at = ? where id = ?",
                        FileState.RECEIVED.name(), instanceId, utc(now), retried.get());
                event(retried.get(), now, FileState.RECEIVED.name(), null, "received again for the retry by "
                        + instanceId);
                return retried.get();
            }
            KeyHolder key = new GeneratedKeyHolder();
            jdbc.update(con -> {
                // name the key column: PostgreSQL would otherwise return every column as "generated"
                PreparedStatement ps = con.prepareStatement("insert into fb_file (pipeline, vendor, file_name,"
                        + " relative_path, size_bytes, sha256, state, attempts, instance_id, received_at, updated_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)", new String[] {"id"});
                ps.setString(1, fit(f.pipeline(), PIPELINE));
                ps.setString(2, fit(f.vendor(), VENDOR));
                ps.setString(3, fit(f.fileName(), FILE_NAME));
                ps.setString(4, fit(f.relativePath(), RELATIVE_PATH));
                ps.setLong(5, f.sizeBytes());
                ps.setString(6, f.sha256());
                ps.setString(7, FileState.RECEIVED.name());
                ps.setString(8, instanceId);
                ps.setObject(9, utc(now));
                ps.setObject(10, utc(now));
                return ps;
            }, key);
            long newId = key.getKey().longValue();
            event(newId, now, FileState.RECEIVED.name(), null, "received by " + instanceId);
            return newId;
        });
        return find(id).orElseThrow();
    }

    /**
     * The lowest-id row of the same pipeline and content that came before {@code id} and still stands (RECEIVED,
     * UPLOADING, SUBMITTED or COMPLETED). If there is one, {@code id} is a duplicate of it. Because the lower id
     * wins, two copies received at the same moment agree on which is the original, on one instance or several.
     */
    public Optional<FileEntry> findEarlierTwin(long id) {
        String states = TWIN_STATES.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));
        return jdbc.query("select " + prefixed("t") + " from fb_file t join fb_file f"
                + " on t.pipeline = f.pipeline and t.sha256 = f.sha256 and t.id < f.id"
                + " where f.id = ? and t.state in (" + states + ")"
                + " order by t.id fetch first 1 rows only", FILE, id).stream().findFirst();
    }

    public void markDuplicate(long id, long originalId) {
        Instant now = now();
        change(id, now, "state = ?, duplicate_of = ?, finished_at = ?",
                new Object[] {FileState.DUPLICATE.name(), originalId, utc(now)},
                FileState.DUPLICATE.name(), null, "duplicate of file " + originalId);
    }

    public void markUploading(long id) {
        markUploading(id, null);
    }

    /**
     * The upload starts, under the request id filebridge generated for it (Phrase: the {@code X-ActionId}). Kept on
     * the row, and named in the UPLOADING event, so a support case can quote it however the upload ends; a retry's
     * upload replaces it with its own. A null id keeps the one the row has.
     */
    public void markUploading(long id, String requestId) {
        change(id, now(), "state = ?, request_id = coalesce(?, request_id)",
                new Object[] {FileState.UPLOADING.name(), text(fit(requestId, REQUEST_ID))}, FileState.UPLOADING.name(),
                null, requestId == null ? null : "requestId " + requestId);
    }

    /** The request id of the file's latest upload ({@link #markUploading(long, String)}), if it had one. */
    public Optional<String> requestId(long id) {
        return jdbc.queryForList("select request_id from fb_file where id = ?", String.class, id).stream()
                .filter(java.util.Objects::nonNull).findFirst();
    }

    /** The vendor accepted the file as an asynchronous job ({@link JobLedger} keeps the job's details). */
    public void markSubmitted(long id, String vendorJobId) {
        change(id, now(), "state = ?, vendor_id = ?", new Object[] {FileState.SUBMITTED.name(),
                fit(vendorJobId, VENDOR_ID)}, FileState.SUBMITTED.name(), null, "vendor job " + vendorJobId);
    }

    /** Counts an HTTP attempt ({@code attempt} is 1-based); a null status means no response (e.g. refused). */
    public void recordAttempt(long id, int attempt, Integer httpStatus, String detail) {
        change(id, now(), "attempts = ?, last_http_status = ?", new Object[] {attempt, integer(httpStatus)},
                ATTEMPT, httpStatus, detail);
    }

    public void markCompleted(long id, String vendorId, String receiptJson) {
        Instant now = now();
        String vid = fit(vendorId, VENDOR_ID);
        change(id, now, "state = ?, vendor_id = ?, receipt = ?, finished_at = ?",
                new Object[] {FileState.COMPLETED.name(), vid, clean(receiptJson), utc(now)},
                FileState.COMPLETED.name(), null, vid == null ? null : "vendor id " + vid);
    }

    /** A null status keeps the last one seen (a failure without a response should not erase the last response). */
    public void markFailed(long id, Integer httpStatus, String error) {
        Instant now = now();
        change(id, now, "state = ?, last_http_status = coalesce(?, last_http_status), last_error = ?, finished_at = ?",
                new Object[] {FileState.FAILED.name(), integer(httpStatus), fit(error, ERROR), utc(now)},
                FileState.FAILED.name(), httpStatus, error);
    }

    /**
     * Where the file consumer put the failed input (an absolute path or {@code s3://bucket/key}), so a retry can put
     * exactly that copy back. No event: the FAILED event already tells the story.
     */
    public void recordFailedCopy(long id, String location) {
        jdbc.update("update fb_file set failed_copy = ? where id = ?", fit(location, RELATIVE_PATH), id);
    }

    /** The failed input's location recorded by {@link #recordFailedCopy}, if any. */
    public Optional<String> failedCopy(long id) {
        return jdbc.queryForList("select failed_copy from fb_file where id = ?", String.class, id).stream()
                .filter(java.util.Objects::nonNull).findFirst();
    }

    /**
     * An operator asked to retry a FAILED or INTERRUPTED file: RETRYING with a RETRY event, atomically, and only if
     * the row is still in one of those states (two clicks do not retry twice). Returns false otherwise.
     */
    public boolean markRetrying(long id, String detail) {
        Instant now = now();
        Boolean changed = tx.execute(status -> {
            int rows = jdbc.update("update fb_file set state = ?, updated_at = ? where id = ? and state in (?, ?)",
                    FileState.RETRYING.name(), utc(now), id, FileState.FAILED.name(), FileState.INTERRUPTED.name());
            if (rows == 1) {
                event(id, now, RETRY, null, detail);
            }
            return rows == 1;
        });
        return Boolean.TRUE.equals(changed);
    }

    /** The retry could not put the file back: the row is FAILED again, with the reason, if it is still RETRYING. */
    public void retryFailed(long id, String error) {
        Instant now = now();
        tx.executeWithoutResult(status -> {
            int rows = jdbc.update("update fb_file set state = ?, last_error = ?, updated_at = ? where id = ?"
                    + " and state = ?", FileState.FAILED.name(), fit(error, ERROR), utc(now), id,
                    FileState.RETRYING.name());
            if (rows == 1) {
                event(id, now, FileState.FAILED.name(), null, error);
            }
        });
    }

    /**
     * Marks this instance's rows left RECEIVED or UPLOADING as INTERRUPTED. Run at startup, before pipelines consume:
     * a file a crash left in the inbox must not be taken for a duplicate of its own dead row. Returns how many.
     */
    public int interruptStale() {
        List<Long> ids = jdbc.queryForList("select id from fb_file where instance_id = ? and state in (?, ?)"
                + " order by id", Long.class, instanceId, FileState.RECEIVED.name(), FileState.UPLOADING.name());
        int count = 0;
        for (long id : ids) {
            Instant now = now();
            // the state guard makes this safe if the row moved on since the select
            Boolean changed = tx.execute(status -> {
                int rows = jdbc.update("update fb_file set state = ?, last_error = ?, finished_at = ?, updated_at = ?"
                        + " where id = ? and state in (?, ?)", FileState.INTERRUPTED.name(), INTERRUPTED_ERROR,
                        utc(now), utc(now), id, FileState.RECEIVED.name(), FileState.UPLOADING.name());
                if (rows == 1) {
                    event(id, now, FileState.INTERRUPTED.name(), null, INTERRUPTED_ERROR);
                }
                return rows == 1;
            });
            if (Boolean.TRUE.equals(changed)) {
                count++;
            }
        }
        return count;
    }

    /**
     * Gives the file a callback token, the secret part of its callback URL. Only the token's SHA-256 is stored, so
     * the database alone does not reveal working callback URLs; {@link #findByCallbackToken} hashes likewise.
     */
    public void attachCallbackToken(long id, String token) {
        int rows = jdbc.update("update fb_file set callback_token_sha256 = ?, updated_at = ? where id = ?",
                tokenHash(token), utc(now()), id);
        if (rows != 1) {
            throw new IllegalArgumentException("no ledger row with id " + id);
        }
    }

    /** The file of this vendor that holds the callback token, if any. */
    public Optional<FileEntry> findByCallbackToken(String vendor, String token) {
        if (vendor == null || token == null || token.isEmpty()) {
            return Optional.empty();
        }
        return jdbc.query("select " + FILE_COLUMNS + " from fb_file where callback_token_sha256 = ? and vendor = ?",
                FILE, tokenHash(token), fit(vendor, VENDOR)).stream().findFirst();
    }

    /**
     * Records that a vendor callback arrived for the file, as a {@link #CALLBACK} event with the given (already
     * redacted) summary. The row itself is not changed: a callback is a hint, not a state.
     */
    public void recordCallback(long id, String detail) {
        tx.executeWithoutResult(status -> {
            if (jdbc.queryForObject("select count(*) from fb_file where id = ?", Integer.class, id) != 1) {
                throw new IllegalArgumentException("no ledger row with id " + id);
            }
            event(id, now(), CALLBACK, null, detail);
        });
    }

    public Optional<FileEntry> find(long id) {
        return jdbc.query("select " + FILE_COLUMNS + " from fb_file where id = ?", FILE, id).stream().findFirst();
    }

    /** Newest first. Ordered by id, not received_at: ids follow receive order even when instances' clocks differ. */
    public List<FileEntry> findByPipeline(String pipeline) {
        return jdbc.query("select " + FILE_COLUMNS + " from fb_file where pipeline = ? order by id desc", FILE,
                fit(pipeline, PIPELINE));
    }

    /** Oldest first (by id, so events written within the same clock tick keep their order). */
    public List<FileEvent> events(long fileId) {
        return jdbc.query("select id, file_id, at, kind, http_status, detail from fb_event where file_id = ?"
                + " order by id", EVENT, fileId);
    }

    // --- internals ---

    /** Updates one row (plus updated_at) and appends its event, atomically; fails loudly on an unknown id. */
    private void change(long id, Instant now, String assignments, Object[] values, String kind, Integer httpStatus,
            String detail) {
        Object[] args = new Object[values.length + 2];
        System.arraycopy(values, 0, args, 0, values.length);
        args[values.length] = utc(now);
        args[values.length + 1] = id;
        tx.executeWithoutResult(status -> {
            int rows = jdbc.update("update fb_file set " + assignments + ", updated_at = ? where id = ?", args);
            if (rows != 1) {
                throw new IllegalArgumentException("no ledger row with id " + id);
            }
            event(id, now, kind, httpStatus, detail);
        });
    }

    private void event(long fileId, Instant at, String kind, Integer httpStatus, String detail) {
        jdbc.update("insert into fb_event (file_id, at, kind, http_status, detail) values (?, ?, ?, ?, ?)",
                fileId, utc(at), kind, integer(httpStatus), fit(detail, DETAIL));
    }

    /** PostgreSQL keeps microseconds: cut here so what is read back equals what was written, on both databases. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** OffsetDateTime is the java.time type both drivers map to timestamp with time zone. */
    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** A typed null, for text: PostgreSQL cannot infer the type of a bare null inside coalesce. */
    private static SqlParameterValue text(String value) {
        return new SqlParameterValue(Types.VARCHAR, value);
    }

    /** A typed null: lets drivers bind a missing status without guessing its SQL type. */
    private static SqlParameterValue integer(Integer value) {
        return new SqlParameterValue(Types.INTEGER, value);
    }

    /**
     * Cuts text to a column's size, in UTF-16 units (never more characters than PostgreSQL counts), without splitting
     * a surrogate pair, and marks a cut with a trailing ellipsis so a reader knows the text goes on.
     */
    static String fit(String text, int max) {
        String s = clean(text);
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = max - 1; // room for the ellipsis
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…";
    }

    /** PostgreSQL rejects NUL in text; vendor error bodies can carry one. */
    private static String clean(String text) {
        return text == null || text.indexOf('\0') < 0 ? text : text.replace("\0", "");
    }

    private static String tokenHash(String token) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "unknown-host" : env;
        }
    }

    private static String prefixed(String alias) {
        return alias + "." + FILE_COLUMNS.replace(", ", ", " + alias + ".");
    }

    private static final RowMapper<FileEntry> FILE = (rs, n) -> new FileEntry(
            rs.getLong("id"),
            rs.getString("pipeline"),
            rs.getString("vendor"),
            rs.getString("file_name"),
            rs.getString("relative_path"),
            rs.getLong("size_bytes"),
            rs.getString("sha256"),
            FileState.valueOf(rs.getString("state")),
            rs.getString("vendor_id"),
            rs.getInt("attempts"),
            rs.getObject("last_http_status", Integer.class),
            rs.getString("last_error"),
            rs.getObject("duplicate_of", Long.class),
            rs.getString("receipt"),
            rs.getString("instance_id"),
            instant(rs, "received_at"),
            instant(rs, "updated_at"),
            instant(rs, "finished_at"));

    private static final RowMapper<FileEvent> EVENT = (rs, n) -> new FileEvent(
            rs.getLong("id"),
            rs.getLong("file_id"),
            instant(rs, "at"),
            rs.getString("kind"),
            rs.getObject("http_status", Integer.class),
            rs.getString("detail"));

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
