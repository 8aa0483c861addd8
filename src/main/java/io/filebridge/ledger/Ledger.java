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
import java.util.function.LongPredicate;
import java.util.stream.Collectors;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;
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

    /** {@link #TWIN_STATES} as an SQL list. */
    private static final String TWIN_STATE_LIST = TWIN_STATES.stream().map(s -> "'" + s.name() + "'")
            .collect(Collectors.joining(", "));

    /** States a crash can leave behind for this instance. */
    private static final EnumSet<FileState> STALE_STATES = EnumSet.of(FileState.RECEIVED, FileState.UPLOADING);

    // column sizes from V1__ledger.sql (request_id: V7, source_key: V8)
    private static final int PIPELINE = 200, VENDOR = 50, FILE_NAME = 1000, RELATIVE_PATH = 2000,
            VENDOR_ID = 500, ERROR = 4000, INSTANCE_ID = 200, DETAIL = 4000, REQUEST_ID = 100, SOURCE_KEY = 300;

    private static final String FILE_COLUMNS = "id, pipeline, vendor, file_name, relative_path, size_bytes, sha256,"
            + " state, vendor_id, attempts, last_http_status, last_error, duplicate_of, receipt, instance_id,"
            + " received_at, updated_at, finished_at, reuploads, failed_stage";

    /** Event kind of a row a stop or a retry left behind that a new pickup of its input continues. */
    public static final String RESUMED = "RESUMED";

    /** Event kind of an operator's dismissal. */
    public static final String DISMISSED = "DISMISSED";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    /** The writes on every file's path (pickup, upload start, completion) share commits under load (embedded H2). */
    private final GroupCommit group;
    private volatile Boolean embedded;
    private final Clock clock;
    private final String instanceId;

    @Autowired
    public Ledger(JdbcTemplate jdbc, Clock clock, LedgerSettings settings) {
        this(jdbc, clock, settings.instanceId());
    }

    /** {@code instanceId} blank: the host name. */
    public Ledger(JdbcTemplate jdbc, Clock clock, String instanceId) {
        this.jdbc = jdbc;
        // own transaction template on the same DataSource: it joins nothing and needs no transaction manager bean
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
        this.group = new GroupCommit(tx, this::embedded);
        this.clock = clock;
        this.instanceId = fit(instanceId == null || instanceId.isBlank() ? localHostName() : instanceId.strip(),
                INSTANCE_ID);
    }

    /** Whether the ledger is the embedded H2 (asked once, on the first write that needs to know). */
    private boolean embedded() {
        Boolean known = embedded;
        if (known == null) {
            String product = jdbc.execute((ConnectionCallback<String>) c -> c.getMetaData().getDatabaseProductName());
            known = product != null && product.toLowerCase(java.util.Locale.ROOT).contains("h2");
            embedded = known;
        }
        return known;
    }

    /** The id this instance writes into its rows; {@link #interruptStale()} only touches rows with this id. */
    public String instanceId() {
        return instanceId;
    }

    /**
     * Records a newly picked-up file as RECEIVED and returns its row, treating every RECEIVED or UPLOADING row as still
     * in flight. See {@link #pickUp} for the rows a pickup continues instead of inserting a new one.
     */
    public FileEntry receive(NewFile f) {
        return pickUp(f, id -> true).entry();
    }

    /**
     * Records a file taken from its intake. Most files get a new RECEIVED row. A row of the same pipeline, relative
     * path and content that an earlier run left unfinished is continued instead, so one input keeps one row however
     * often a stop interrupts it (newest such row first):
     * <ul>
     * <li>RETRYING (an operator's retry), INTERRUPTED (found by the startup sweep), or RECEIVED/UPLOADING but not
     * {@code inFlight} in this process (its run ended without an outcome, e.g. the ledger was unreachable): the whole
     * step runs again ({@link Pickup.Continuation#RESUMED}). If that run had started its upload, the next
     * {@link #markUploading} counts a reupload.</li>
     * <li>A row the vendor has (COMPLETED, SUBMITTED, or FAILED only at its delivery) whose input is this very file
     * ({@code sourceKey} equal: a stop came between the upload and the archive move), or a RETRYING row that failed at
     * its delivery: nothing is sent again ({@link Pickup.Continuation#FINISH}).</li>
     * <li>A FAILED row whose input is this very file (a stop came between the failure and the move to the failed
     * folder): run again.</li>
     * </ul>
     * The rows are looked up and changed under the lock of the content's stripe ({@link #contentStripe}), so two
     * pickups never continue the same row.
     */
    public Pickup pickUp(NewFile f, LongPredicate inFlight) {
        return pickUp(f, inFlight, false);
    }

    /**
     * As {@link #pickUp(NewFile, LongPredicate)}; with {@code skipDuplicates}, a new or resumed row of non-empty content
     * that has an earlier twin ({@link #findEarlierTwin}) is recorded as its DUPLICATE in the same transaction, and the
     * pickup names the twin. One transaction per file instead of three: the commit is what a pickup costs.
     */
    public Pickup pickUp(NewFile f, LongPredicate inFlight, boolean skipDuplicates) {
        return group.run(() -> pickUpNow(f, inFlight, skipDuplicates));
    }

    private Pickup pickUpNow(NewFile f, LongPredicate inFlight, boolean skipDuplicates) {
        Instant now = now();
        return tx.execute(status -> {
            // Hold the content's stripe lock until commit: pickups of the same content are serialised, so when this
            // one looks for twins every earlier copy of the content is committed and visible (V10__content_stripes.sql).
            jdbc.queryForObject("select name from fb_lock where name = ? for update", String.class,
                    contentStripe(f.pipeline(), f.sha256()));
            List<Unfinished> rows = jdbc.query("select id, state, source_key, vendor_id, failed_stage from fb_file"
                    + " where pipeline = ? and sha256 = ? and relative_path = ? and state in (?, ?, ?, ?, ?, ?, ?)"
                    + " order by id desc", UNFINISHED, fit(f.pipeline(), PIPELINE), f.sha256(),
                    fit(f.relativePath(), RELATIVE_PATH), FileState.RETRYING.name(), FileState.INTERRUPTED.name(),
                    FileState.RECEIVED.name(), FileState.UPLOADING.name(), FileState.COMPLETED.name(),
                    FileState.SUBMITTED.name(), FileState.FAILED.name());
            String sourceKey = fit(f.sourceKey(), SOURCE_KEY);
            for (Unfinished row : rows) {
                Pickup.Continuation continuation = row.continuation(sourceKey, inFlight);
                if (continuation == Pickup.Continuation.RESUMED) {
                    resume(row, now, sourceKey);
                    return withTwin(find(row.id()).orElseThrow(), continuation, skipDuplicates && f.sizeBytes() > 0);
                }
                if (continuation == Pickup.Continuation.FINISH) {
                    finish(row, now);
                    return new Pickup(find(row.id()).orElseThrow(), continuation, null);
                }
            }
            KeyHolder key = new GeneratedKeyHolder();
            jdbc.update(con -> {
                // name the key column: PostgreSQL would otherwise return every column as "generated"
                PreparedStatement ps = con.prepareStatement("insert into fb_file (pipeline, vendor, file_name,"
                        + " relative_path, size_bytes, sha256, state, attempts, instance_id, received_at, updated_at,"
                        + " source_key) values (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)", new String[] {"id"});
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
                ps.setString(11, sourceKey);
                return ps;
            }, key);
            long newId = key.getKey().longValue();
            event(newId, now, FileState.RECEIVED.name(), null, "received by " + instanceId);
            // the row as inserted, without reading it back: one statement less on every file's path
            FileEntry inserted = new FileEntry(newId, fit(f.pipeline(), PIPELINE), fit(f.vendor(), VENDOR),
                    fit(f.fileName(), FILE_NAME), fit(f.relativePath(), RELATIVE_PATH), f.sizeBytes(), f.sha256(),
                    FileState.RECEIVED, null, 0, null, null, null, null, instanceId, now, now, null, 0, null);
            return withTwin(inserted, Pickup.Continuation.NEW, skipDuplicates && f.sizeBytes() > 0);
        });
    }

    /** The picked-up row, recorded as a duplicate first when {@code lookForTwin} finds an earlier twin. */
    private Pickup withTwin(FileEntry row, Pickup.Continuation continuation, boolean lookForTwin) {
        Optional<FileEntry> twin = lookForTwin ? findEarlierTwin(row.id(), row.pipeline(), row.sha256())
                : Optional.empty();
        if (twin.isEmpty()) {
            return new Pickup(row, continuation, null);
        }
        markDuplicate(row.id(), twin.get().id());
        return new Pickup(find(row.id()).orElseThrow(), continuation, twin.get());
    }

    /** Pickups lock one of this many rows of fb_lock ('content-0' and on), as V10__content_stripes.sql inserts them. */
    static final int CONTENT_STRIPES = 64;

    /**
     * The fb_lock row that serialises pickups of one content. String.hashCode is specified by the JDK, so every
     * instance sharing the database picks the same stripe for the same content.
     */
    static String contentStripe(String pipeline, String sha256) {
        return "content-" + Math.floorMod((fit(pipeline, PIPELINE) + "\n" + sha256).hashCode(), CONTENT_STRIPES);
    }

    /** The whole step runs again on the row: attempts count from 1, the last run's error and failed copy go. */
    private void resume(Unfinished row, Instant now, String sourceKey) {
        // a run that had started its upload may have left a copy at the vendor: markUploading counts the reupload
        String interruptedFrom = row.state() == FileState.UPLOADING ? FileState.UPLOADING.name() : null;
        jdbc.update("update fb_file set state = ?, attempts = 0, last_error = null, finished_at = null,"
                + " failed_copy = null, failed_stage = null, duplicate_of = null, instance_id = ?, updated_at = ?,"
                + " source_key = coalesce(?, source_key), interrupted_from = coalesce(?, interrupted_from)"
                + " where id = ?", FileState.RECEIVED.name(), instanceId, utc(now), text(sourceKey),
                text(interruptedFrom), row.id());
        String why = switch (row.state()) {
            case RETRYING -> "received again for the retry by " + instanceId;
            case FAILED -> "found again in the intake (a stop came before it was moved to the failed folder);"
                    + " taken again by " + instanceId;
            default -> "taken again by " + instanceId + " after a stop interrupted it while " + row.state();
        };
        event(row.id(), now, row.state() == FileState.RETRYING ? FileState.RECEIVED.name() : RESUMED, null, why);
    }

    /** The vendor has the file: the row is (again) COMPLETED or stays SUBMITTED; only the delivery is done again. */
    private void finish(Unfinished row, Instant now) {
        if (row.state() == FileState.FAILED || row.state() == FileState.RETRYING) {
            jdbc.update("update fb_file set state = ?, last_error = null, failed_copy = null, failed_stage = null,"
                    + " finished_at = ?, instance_id = ?, updated_at = ? where id = ?", FileState.COMPLETED.name(),
                    utc(now), instanceId, utc(now), row.id());
        }
        event(row.id(), now, RESUMED, null, (row.state() == FileState.RETRYING ? "received again for the retry"
                : "found again in the intake (a stop came before it was archived)") + "; the vendor has it as "
                + row.vendorId() + ", so only its delivery is done again by " + instanceId);
    }

    /** A row a pickup may continue, with what decides how. */
    private record Unfinished(long id, FileState state, String sourceKey, String vendorId, FailedStage failedStage) {

        Pickup.Continuation continuation(String pickedUpKey, LongPredicate inFlight) {
            boolean sameInput = pickedUpKey != null && pickedUpKey.equals(sourceKey);
            boolean deliveryFailed = failedStage == FailedStage.DELIVERY && vendorId != null;
            return switch (state) {
                case RETRYING -> deliveryFailed ? Pickup.Continuation.FINISH : Pickup.Continuation.RESUMED;
                case INTERRUPTED -> Pickup.Continuation.RESUMED;
                case RECEIVED, UPLOADING -> inFlight.test(id) ? null : Pickup.Continuation.RESUMED;
                case COMPLETED, SUBMITTED -> sameInput ? Pickup.Continuation.FINISH : null;
                case FAILED -> !sameInput ? null
                        : deliveryFailed ? Pickup.Continuation.FINISH : Pickup.Continuation.RESUMED;
                default -> null;
            };
        }
    }

    private static final RowMapper<Unfinished> UNFINISHED = (rs, n) -> new Unfinished(rs.getLong("id"),
            FileState.valueOf(rs.getString("state")), rs.getString("source_key"), rs.getString("vendor_id"),
            stage(rs.getString("failed_stage")));

    /**
     * The lowest-id row of the same pipeline and content that came before {@code id} and still stands (RECEIVED,
     * UPLOADING, SUBMITTED or COMPLETED). If there is one, {@code id} is a duplicate of it. Because the lower id
     * wins, two copies received at the same moment agree on which is the original, on one instance or several.
     */
    public Optional<FileEntry> findEarlierTwin(long id) {
        return jdbc.query("select " + prefixed("t") + " from fb_file t join fb_file f"
                + " on t.pipeline = f.pipeline and t.sha256 = f.sha256 and t.id < f.id"
                + " where f.id = ? and t.state in (" + TWIN_STATE_LIST + ")"
                + " order by t.id fetch first 1 rows only", FILE, id).stream().findFirst();
    }

    /** As {@link #findEarlierTwin(long)}, for a row whose pipeline and content are known: no join. */
    private Optional<FileEntry> findEarlierTwin(long id, String pipeline, String sha256) {
        return jdbc.query("select " + FILE_COLUMNS + " from fb_file where pipeline = ? and sha256 = ? and id < ?"
                + " and state in (" + TWIN_STATE_LIST + ") order by id fetch first 1 rows only", FILE, pipeline, sha256, id)
                .stream().findFirst();
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
        markUploading(id, requestId, true);
    }

    /**
     * As {@link #markUploading(long, String)}; {@code continued} false says the row is one this run inserted
     * ({@link Pickup.Continuation#NEW}), which cannot carry an interrupted upload, so that is not looked up.
     */
    public void markUploading(long id, String requestId, boolean continued) {
        group.run(() -> {
            markUploadingNow(id, requestId, continued);
            return null;
        });
    }

    private void markUploadingNow(long id, String requestId, boolean continued) {
        Instant now = now();
        tx.executeWithoutResult(status -> {
            // a run resumed after a stop that had started its upload: this upload may give the vendor a second copy
            boolean again = continued && FileState.UPLOADING.name().equals(jdbc.queryForList("select"
                    + " interrupted_from from fb_file where id = ?", String.class, id).stream()
                    .filter(java.util.Objects::nonNull).findFirst().orElse(null));
            int rows = jdbc.update("update fb_file set state = ?, request_id = coalesce(?, request_id),"
                    + " reuploads = reuploads + ?, interrupted_from = null, updated_at = ? where id = ?",
                    FileState.UPLOADING.name(), text(fit(requestId, REQUEST_ID)), again ? 1 : 0, utc(now), id);
            if (rows != 1) {
                throw new IllegalArgumentException("no ledger row with id " + id);
            }
            String detail = requestId == null ? null : "requestId " + requestId;
            if (again) {
                detail = (detail == null ? "" : detail + "; ") + "started again after a stop interrupted an earlier"
                        + " upload: the vendor may hold one more copy";
            }
            event(id, now, FileState.UPLOADING.name(), null, detail);
        });
    }

    /** The request id of the file's latest upload ({@link #markUploading(long, String)}), if it had one. */
    public Optional<String> requestId(long id) {
        return jdbc.queryForList("select request_id from fb_file where id = ?", String.class, id).stream()
                .filter(java.util.Objects::nonNull).findFirst();
    }

    /** The vendor accepted the file as an asynchronous job ({@link JobLedger} keeps the job's details). */
    public void markSubmitted(long id, String vendorJobId) {
        markSubmitted(id, vendorJobId, null);
    }

    /**
     * The vendor accepted the file as an asynchronous job; {@code receipt} is the submission receipt, kept so that a
     * stop before the input is archived ends with the same receipt written again rather than a second submission.
     */
    public void markSubmitted(long id, String vendorJobId, String receipt) {
        change(id, now(), "state = ?, vendor_id = ?, receipt = coalesce(?, receipt)", new Object[] {
            FileState.SUBMITTED.name(), fit(vendorJobId, VENDOR_ID), text(clean(receipt))},
                FileState.SUBMITTED.name(), null, "vendor job " + vendorJobId);
    }

    /** Counts an HTTP attempt ({@code attempt} is 1-based); a null status means no response (e.g. refused). */
    public void recordAttempt(long id, int attempt, Integer httpStatus, String detail) {
        change(id, now(), "attempts = ?, last_http_status = ?", new Object[] {attempt, integer(httpStatus)},
                ATTEMPT, httpStatus, detail);
    }

    public void markCompleted(long id, String vendorId, String receiptJson) {
        markCompleted(id, vendorId, receiptJson, null);
    }

    /**
     * The upload is done; {@code answered} (when not null) is the successful attempt, recorded in the same transaction
     * as the completion instead of one of its own: a file's last two writes are one commit.
     */
    public void markCompleted(long id, String vendorId, String receiptJson, Attempt answered) {
        group.run(() -> {
            markCompletedNow(id, vendorId, receiptJson, answered);
            return null;
        });
    }

    private void markCompletedNow(long id, String vendorId, String receiptJson, Attempt answered) {
        Instant now = now();
        String vid = fit(vendorId, VENDOR_ID);
        String detail = vid == null ? null : "vendor id " + vid;
        if (answered == null) {
            change(id, now, "state = ?, vendor_id = ?, receipt = ?, finished_at = ?",
                    new Object[] {FileState.COMPLETED.name(), vid, clean(receiptJson), utc(now)},
                    FileState.COMPLETED.name(), null, detail);
            return;
        }
        tx.executeWithoutResult(status -> {
            event(id, now, ATTEMPT, answered.httpStatus(), answered.detail());
            change(id, now, "attempts = ?, last_http_status = ?, state = ?, vendor_id = ?, receipt = ?,"
                    + " finished_at = ?", new Object[] {answered.number(), integer(answered.httpStatus()),
                        FileState.COMPLETED.name(), vid, clean(receiptJson), utc(now)},
                    FileState.COMPLETED.name(), null, detail);
        });
    }

    /** A null status keeps the last one seen; the stage is VENDOR (the vendor refused it or it could not be sent). */
    public void markFailed(long id, Integer httpStatus, String error) {
        markFailed(id, httpStatus, error, FailedStage.VENDOR);
    }

    /**
     * The file failed at {@code stage}. A null status keeps the last one seen (a failure without a response should
     * not erase the last response). A DELIVERY failure keeps the vendor id and receipt: the vendor has the file.
     */
    public void markFailed(long id, Integer httpStatus, String error, FailedStage stage) {
        Instant now = now();
        change(id, now, "state = ?, last_http_status = coalesce(?, last_http_status), last_error = ?, finished_at = ?,"
                + " failed_stage = ?", new Object[] {FileState.FAILED.name(), integer(httpStatus), fit(error, ERROR),
                    utc(now), stage.name()}, FileState.FAILED.name(), httpStatus, error);
    }

    /**
     * Records a refused input (a link, a special file, an unusable name) as a FAILED row in one transaction, without
     * its content: the file was never opened.
     */
    public FileEntry refused(String pipeline, String vendor, String fileName, String relativePath, long sizeBytes,
            String error) {
        Instant now = now();
        long id = tx.execute(status -> {
            KeyHolder key = new GeneratedKeyHolder();
            jdbc.update(con -> {
                PreparedStatement ps = con.prepareStatement("insert into fb_file (pipeline, vendor, file_name,"
                        + " relative_path, size_bytes, state, attempts, instance_id, received_at, updated_at,"
                        + " finished_at, last_error, failed_stage) values (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)",
                        new String[] {"id"});
                ps.setString(1, fit(pipeline, PIPELINE));
                ps.setString(2, fit(vendor, VENDOR));
                ps.setString(3, fit(fileName, FILE_NAME));
                ps.setString(4, fit(relativePath, RELATIVE_PATH));
                ps.setLong(5, Math.max(0, sizeBytes));
                ps.setString(6, FileState.FAILED.name());
                ps.setString(7, instanceId);
                ps.setObject(8, utc(now));
                ps.setObject(9, utc(now));
                ps.setObject(10, utc(now));
                ps.setString(11, fit(error, ERROR));
                ps.setString(12, FailedStage.INPUT.name());
                return ps;
            }, key);
            long newId = key.getKey().longValue();
            event(newId, now, FileState.FAILED.name(), null, error);
            return newId;
        });
        return find(id).orElseThrow();
    }

    /**
     * A retried job whose outputs failed only at their delivery goes on with the job the vendor has: RETRYING (or
     * FAILED at the DELIVERY stage) back to SUBMITTED, with a RETRY event. False if the row was not in such a state.
     */
    public boolean reopenJob(long id, String detail) {
        Instant now = now();
        Boolean changed = tx.execute(status -> {
            int rows = jdbc.update("update fb_file set state = ?, last_error = null, finished_at = null, failed_copy ="
                    + " null, failed_stage = null, dismissed_by = null, updated_at = ? where id = ? and state in (?, ?,"
                    + " ?, ?) and failed_stage = ? and vendor_id is not null", FileState.SUBMITTED.name(), utc(now),
                    id, FileState.RETRYING.name(), FileState.FAILED.name(), FileState.INTERRUPTED.name(),
                    FileState.DISMISSED.name(), FailedStage.DELIVERY.name());
            if (rows == 1) {
                event(id, now, RETRY, null, detail);
            }
            return rows == 1;
        });
        return Boolean.TRUE.equals(changed);
    }

    /** Appends an event without changing the row, e.g. a translation whose submission receipt could not be written. */
    public void note(long id, String kind, String detail) {
        tx.executeWithoutResult(status -> event(id, now(), kind, null, detail));
    }

    /**
     * An operator dismissed a FAILED or INTERRUPTED row: it no longer needs a person. Atomic and only from those
     * states (two clicks do not dismiss twice); false otherwise.
     */
    public boolean markDismissed(long id, String by, String note) {
        Instant now = now();
        Boolean changed = tx.execute(status -> {
            int rows = jdbc.update("update fb_file set state = ?, dismissed_by = ?, updated_at = ? where id = ? and"
                    + " state in (?, ?)", FileState.DISMISSED.name(), fit(by, INSTANCE_ID), utc(now), id,
                    FileState.FAILED.name(), FileState.INTERRUPTED.name());
            if (rows == 1) {
                event(id, now, DISMISSED, null, "dismissed by " + by + (note == null || note.isBlank() ? ""
                        : ": " + note.strip()));
            }
            return rows == 1;
        });
        return Boolean.TRUE.equals(changed);
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
     * An operator asked to retry a FAILED, INTERRUPTED or DISMISSED file: RETRYING with a RETRY event, atomically, and only if
     * the row is still in one of those states (two clicks do not retry twice). Returns false otherwise.
     */
    public boolean markRetrying(long id, String detail) {
        Instant now = now();
        Boolean changed = tx.execute(status -> {
            int rows = jdbc.update("update fb_file set state = ?, dismissed_by = null, updated_at = ? where id = ? and"
                    + " state in (?, ?, ?)", FileState.RETRYING.name(), utc(now), id, FileState.FAILED.name(),
                    FileState.INTERRUPTED.name(), FileState.DISMISSED.name());
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
     * Marks this instance's rows left RECEIVED or UPLOADING as INTERRUPTED, remembering which of the two (a row that
     * was UPLOADING may have left a copy at the vendor). Run at startup, before pipelines consume; the next pickup of
     * the same input continues the row ({@link #pickUp}). Returns how many.
     */
    public int interruptStale() {
        return interruptStale(instanceId, null);
    }

    /**
     * As {@link #interruptStale()}, for the rows of instance {@code ofInstance} last written before
     * {@code writtenBefore} (null: any): another instance sweeps what a dead one left (io.filebridge.cluster.StaleRows).
     * The bound keeps a sweep off the rows of a process that joined with the same id after the sweep looked.
     */
    public int interruptStale(String ofInstance, Instant writtenBefore) {
        List<Long> ids = writtenBefore == null
                ? jdbc.queryForList("select id from fb_file where instance_id = ? and state in (?, ?) order by id",
                        Long.class, ofInstance, FileState.RECEIVED.name(), FileState.UPLOADING.name())
                : jdbc.queryForList("select id from fb_file where instance_id = ? and state in (?, ?)"
                        + " and updated_at < ? order by id", Long.class, ofInstance, FileState.RECEIVED.name(),
                        FileState.UPLOADING.name(), utc(writtenBefore));
        int count = 0;
        for (long id : ids) {
            Instant now = now();
            // the guards make this safe if the row moved on, or was taken again by another instance, since the select
            Boolean changed = tx.execute(status -> {
                int rows = jdbc.update("update fb_file set interrupted_from = case when state = ? then ? else"
                        + " interrupted_from end, state = ?, last_error = ?, finished_at = ?, updated_at = ? where"
                        + " id = ? and state in (?, ?) and instance_id = ? and updated_at < ?",
                        FileState.UPLOADING.name(), FileState.UPLOADING.name(), FileState.INTERRUPTED.name(),
                        INTERRUPTED_ERROR, utc(now), utc(now), id, FileState.RECEIVED.name(),
                        FileState.UPLOADING.name(), ofInstance, utc(writtenBefore == null ? now.plusSeconds(1)
                                : writtenBefore));
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

    /** The instance ids that have rows RECEIVED or UPLOADING: in flight, or left so by a stop. */
    public List<String> instancesInFlight() {
        return jdbc.queryForList("select distinct instance_id from fb_file where state in (?, ?)", String.class,
                FileState.RECEIVED.name(), FileState.UPLOADING.name());
    }

    /**
     * INTERRUPTED rows whose input was already taken again as a later row of the same pipeline, path and content
     * that finished (before V8, a pickup after a stop started a new row): SUPERSEDED, so they no longer wait for a
     * person. Returns how many.
     */
    public int supersedeFinishedTwins() {
        List<long[]> pairs = jdbc.query("select i.id, min(l.id) as later from fb_file i join fb_file l on"
                + " l.pipeline = i.pipeline and l.sha256 = i.sha256 and l.relative_path = i.relative_path and l.id > i.id"
                + " where i.state = ? and l.state in (?, ?, ?) group by i.id", (rs, n) -> new long[] {rs.getLong(1),
                    rs.getLong(2)}, FileState.INTERRUPTED.name(), FileState.COMPLETED.name(), FileState.SUBMITTED.name(),
                FileState.DUPLICATE.name());
        int count = 0;
        for (long[] pair : pairs) {
            Instant now = now();
            Boolean changed = tx.execute(status -> {
                int rows = jdbc.update("update fb_file set state = ?, finished_at = coalesce(finished_at, ?),"
                        + " updated_at = ? where id = ? and state = ?", FileState.SUPERSEDED.name(), utc(now),
                        utc(now), pair[0], FileState.INTERRUPTED.name());
                if (rows == 1) {
                    event(pair[0], now, FileState.SUPERSEDED.name(), null, "its input was taken again as file "
                            + pair[1] + ", which finished it");
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

    /** Rows in {@code state}, oldest first; for the start-time sweeps, which meet few rows. */
    public List<FileEntry> findByState(FileState state) {
        return jdbc.query("select " + FILE_COLUMNS + " from fb_file where state = ? order by id", FILE, state.name());
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
            instant(rs, "finished_at"),
            rs.getInt("reuploads"),
            stage(rs.getString("failed_stage")));

    private static FailedStage stage(String name) {
        return name == null ? null : FailedStage.valueOf(name);
    }

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
