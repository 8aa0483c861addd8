package io.filebridge.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * What the ledger promises, run against each database it must work on (subclasses supply a migrated DataSource).
 * No Spring context: DataSource, Flyway, JdbcTemplate and Ledger are built by hand so this stays fast.
 */
public abstract class LedgerContractTest {

    static final Instant T0 = Instant.parse("2026-03-01T08:00:00.123456Z");
    static final String SHA_A = "a".repeat(64);
    static final String SHA_B = "b".repeat(64);
    static final String SHA_C = "c".repeat(64);
    static final String NAME = "Übersicht 2026 – 日本 📄.pdf";
    static final String PATH = "Zprávy/Übersicht 2026 – 日本 📄.pdf";

    MutableClock clock;
    JdbcTemplate jdbc;
    Ledger ledger;

    /** The subclass's database, migrated, shared by its tests. */
    protected abstract DataSource dataSource();

    public static HikariDataSource pool(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(12); // more than the concurrency test's threads: they must really overlap
        return new HikariDataSource(config);
    }

    public static MigrateResult migrate(DataSource ds) {
        return Flyway.configure().dataSource(ds).load().migrate();
    }

    @BeforeEach
    void setUp() {
        jdbc = new JdbcTemplate(dataSource());
        jdbc.update("delete from fb_event");
        jdbc.update("delete from fb_file");
        clock = new MutableClock(T0);
        ledger = new Ledger(jdbc, clock, "node-a");
    }

    public static NewFile file(String pipeline, String sha) {
        return new NewFile(pipeline, "acme", NAME, PATH, 12_345L, sha);
    }

    // --- schema ---

    @Test
    void migrationIsAppliedOnceAndAgainIsANoOp() {
        MigrateResult again = migrate(dataSource());

        assertThat(again.migrationsExecuted).isZero();
        Flyway flyway = Flyway.configure().dataSource(dataSource()).load();
        flyway.validate(); // checksums of every migration still match what was applied
        // every migration shipped in db/migration is applied, the newest last (not a fixed number: each feature
        // adds its own)
        var shipped = flyway.info().all();
        assertThat(shipped.length).isGreaterThanOrEqualTo(3);
        assertThat(flyway.info().applied()).hasSameSizeAs(shipped);
        assertThat(flyway.info().pending()).isEmpty();
        assertThat(flyway.info().current().getVersion()).isEqualTo(shipped[shipped.length - 1].getVersion());
    }

    // --- retries from the ops API ---

    @Test
    void aRetriedFileContinuesItsOwnRowWithARetryEventAndFreshAttempts() {
        FileEntry first = ledger.receive(file("p1", SHA_A));
        ledger.markUploading(first.id());
        ledger.recordAttempt(first.id(), 1, 413, "too large");
        ledger.markFailed(first.id(), 413, "sendcloud answered HTTP 413");
        ledger.recordFailedCopy(first.id(), "/in/.failed/" + PATH);
        assertThat(ledger.failedCopy(first.id())).contains("/in/.failed/" + PATH);

        assertThat(ledger.markRetrying(first.id(), "retry requested")).isTrue();
        assertThat(ledger.markRetrying(first.id(), "again")).as("a second click does nothing").isFalse();
        assertThat(ledger.find(first.id()).orElseThrow().state()).isEqualTo(FileState.RETRYING);
        // other pipelines, paths or contents are new files, not the retried one
        FileEntry otherPipeline = ledger.receive(file("p2", SHA_A));
        FileEntry otherContent = ledger.receive(file("p1", SHA_B));
        assertThat(otherPipeline.id()).isNotEqualTo(first.id());
        assertThat(otherContent.id()).isNotEqualTo(first.id());

        clock.advance(java.time.Duration.ofSeconds(5));
        FileEntry again = ledger.receive(file("p1", SHA_A));

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.state()).isEqualTo(FileState.RECEIVED);
        assertThat(again.attempts()).isZero();
        assertThat(again.finishedAt()).isNull();
        assertThat(again.lastError()).isNull();
        assertThat(ledger.failedCopy(first.id())).isEmpty();
        assertThat(ledger.findEarlierTwin(again.id())).as("the failed run is no twin of itself").isEmpty();
        assertThat(ledger.events(first.id())).extracting(FileEvent::kind).containsExactly("RECEIVED", "UPLOADING",
                "ATTEMPT", "FAILED", "RETRY", "RECEIVED");
        assertThat(ledger.receive(file("p1", SHA_A)).id()).as("only one pickup continues it").isNotEqualTo(first.id());
    }

    @Test
    void aRetryThatCouldNotPutTheFileBackLeavesTheRowFailedWithTheReason() {
        FileEntry entry = ledger.receive(file("p1", SHA_A));
        ledger.markFailed(entry.id(), 500, "boom");
        assertThat(ledger.markRetrying(entry.id(), "retry requested")).isTrue();

        ledger.retryFailed(entry.id(), "could not move it back: disk full");

        FileEntry row = ledger.find(entry.id()).orElseThrow();
        assertThat(row.state()).isEqualTo(FileState.FAILED);
        assertThat(row.lastError()).contains("disk full");
        assertThat(ledger.events(entry.id())).extracting(FileEvent::kind).endsWith("RETRY", "FAILED");
    }

    @Test
    void onlyFailedOrInterruptedFilesCanBeRetried() {
        FileEntry entry = ledger.receive(file("p1", SHA_A));
        ledger.markCompleted(entry.id(), "v-1", "{}");
        assertThat(ledger.markRetrying(entry.id(), "retry requested")).isFalse();
        assertThat(ledger.find(entry.id()).orElseThrow().state()).isEqualTo(FileState.COMPLETED);
    }

    // --- asynchronous jobs (JobLedger) ---

    JobLedger jobs() {
        return new JobLedger(jdbc, ledger, clock);
    }

    static final List<JobLedger.ExpectedOutput> THREE_LANGUAGES = List.of(
            new JobLedger.ExpectedOutput("MT_GENERIC_PRETRANSLATE", "cs"),
            new JobLedger.ExpectedOutput("MT_GENERIC_PRETRANSLATE", "de"),
            new JobLedger.ExpectedOutput("QUALITY_ESTIMATION", "cs"));

    @Test
    void aSubmittedJobKeepsItsSpecAndOneOutputPerActionAndLanguage() {
        long id = ledger.receive(file("docs", SHA_A)).id();
        ledger.markUploading(id);

        jobs().submitted(id, "job-uid-1", "data/spool/1/guide.docx", "{\"target\":\"file:out\"}",
                THREE_LANGUAGES, T0.plusSeconds(30));

        FileEntry entry = ledger.find(id).orElseThrow();
        assertThat(entry.state()).isEqualTo(FileState.SUBMITTED);
        assertThat(entry.vendorId()).isEqualTo("job-uid-1");
        assertThat(jobs().findByVendorJobId("job-uid-1")).get().satisfies(job -> {
            assertThat(job.fileId()).isEqualTo(id);
            assertThat(job.spoolPath()).isEqualTo("data/spool/1/guide.docx");
            assertThat(job.spec()).isEqualTo("{\"target\":\"file:out\"}");
            assertThat(job.submittedAt()).isEqualTo(T0);
            assertThat(job.nextPollAt()).isEqualTo(T0.plusSeconds(30));
        });
        assertThat(jobs().outputs(id)).extracting(OutputEntry::actionType, OutputEntry::targetLang,
                OutputEntry::state).containsExactly(
                        tuple("MT_GENERIC_PRETRANSLATE", "cs", OutputState.PENDING),
                        tuple("MT_GENERIC_PRETRANSLATE", "de", OutputState.PENDING),
                        tuple("QUALITY_ESTIMATION", "cs", OutputState.PENDING));
        assertThat(ledger.events(id)).extracting(FileEvent::kind).contains("SUBMITTED");
    }

    @Test
    void onlyDueSubmittedJobsArePolledAndEachLookIsClaimedOnce() {
        long due = ledger.receive(file("docs", SHA_A)).id();
        long later = ledger.receive(file("docs", SHA_B)).id();
        jobs().submitted(due, "job-due", "s1", "{}", THREE_LANGUAGES, T0.plusSeconds(10));
        jobs().submitted(later, "job-later", "s2", "{}", THREE_LANGUAGES, T0.plusSeconds(600));

        List<JobEntry> found = jobs().due(T0.plusSeconds(20), 10);

        assertThat(found).extracting(JobEntry::vendorJobId).containsExactly("job-due");
        JobEntry job = found.get(0);
        assertThat(jobs().claim(job, T0.plusSeconds(50))).isTrue();
        assertThat(jobs().claim(job, T0.plusSeconds(50))).as("a second instance with the same view").isFalse();
        assertThat(jobs().find(due).orElseThrow().polls()).isEqualTo(1);
        assertThat(jobs().due(T0.plusSeconds(20), 10)).isEmpty();

        ledger.markCompleted(due, "job-due", "{}");
        assertThat(jobs().due(T0.plusSeconds(3600), 10)).extracting(JobEntry::vendorJobId)
                .containsExactly("job-later");
    }

    @Test
    void atStartEveryOpenJobIsDueAtOnceAndFinishedOrSoonerOnesAreLeftAlone() {
        long planned = ledger.receive(file("docs", SHA_A)).id();
        long sooner = ledger.receive(file("docs", SHA_B)).id();
        long finished = ledger.receive(file("docs", SHA_C)).id();
        jobs().submitted(planned, "job-planned", "s1", "{}", THREE_LANGUAGES, T0.plusSeconds(3600));
        jobs().submitted(sooner, "job-sooner", "s2", "{}", THREE_LANGUAGES, T0.minusSeconds(5));
        jobs().submitted(finished, "job-finished", "s3", "{}", THREE_LANGUAGES, T0.plusSeconds(3600));
        ledger.markCompleted(finished, "job-finished", "{}");

        assertThat(jobs().pollAllSoon(T0)).isEqualTo(1);

        assertThat(jobs().find(planned).orElseThrow().nextPollAt()).isEqualTo(T0);
        assertThat(jobs().find(sooner).orElseThrow().nextPollAt()).isEqualTo(T0.minusSeconds(5));
        assertThat(jobs().find(finished).orElseThrow().nextPollAt()).isEqualTo(T0.plusSeconds(3600));
        assertThat(jobs().due(T0, 10)).extracting(JobEntry::vendorJobId)
                .containsExactlyInAnyOrder("job-planned", "job-sooner");
    }

    @Test
    void aCallbackBringsTheNextLookForwardButNeverBackward() {
        long id = ledger.receive(file("docs", SHA_A)).id();
        jobs().submitted(id, "job-cb", "s", "{}", THREE_LANGUAGES, T0.plusSeconds(300));

        jobs().pollSoon(id, T0.plusSeconds(1));
        assertThat(jobs().find(id).orElseThrow().nextPollAt()).isEqualTo(T0.plusSeconds(1));
        jobs().pollSoon(id, T0.plusSeconds(900));
        assertThat(jobs().find(id).orElseThrow().nextPollAt()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void eachOutputIsDeliveredOrFailedOnce() {
        long id = ledger.receive(file("docs", SHA_A)).id();
        jobs().submitted(id, "job-out", "s", "{}", THREE_LANGUAGES, T0);
        List<OutputEntry> outputs = jobs().outputs(id);

        assertThat(jobs().delivered(outputs.get(0).id(), "cs/guide.docx", null)).isTrue();
        assertThat(jobs().delivered(outputs.get(0).id(), "cs/guide.docx", null)).as("again").isFalse();
        assertThat(jobs().failed(outputs.get(1).id(), "de ended in ERROR")).isTrue();
        assertThat(jobs().delivered(outputs.get(1).id(), "de/guide.docx", null)).as("after failing").isFalse();
        assertThat(jobs().delivered(outputs.get(2).id(), "guide.docx.qps.json", 0.87)).isTrue();

        assertThat(jobs().outputs(id)).extracting(OutputEntry::state, OutputEntry::outputPath, OutputEntry::score,
                OutputEntry::error).containsExactly(
                        tuple(OutputState.DELIVERED, "cs/guide.docx", null, null),
                        tuple(OutputState.FAILED, null, null, "de ended in ERROR"),
                        tuple(OutputState.DELIVERED, "guide.docx.qps.json", 0.87, null));
    }

    @Test
    void aRetriedJobIsReplacedAndOnlyItsFailedOutputsStartAgain() {
        long id = ledger.receive(file("docs", SHA_A)).id();
        jobs().submitted(id, "job-first", "spool/1/original", "{\"try\":1}", THREE_LANGUAGES, T0);
        List<OutputEntry> first = jobs().outputs(id);
        jobs().delivered(first.get(0).id(), "cs/guide.docx", null);
        jobs().failed(first.get(1).id(), "de ended in ERROR");
        jobs().delivered(first.get(2).id(), "guide.docx.qps.json", 0.87);
        ledger.markFailed(id, null, "languages failed: de (MT_GENERIC_PRETRANSLATE)");
        ledger.markRetrying(id, "retry");
        ledger.receive(file("docs", SHA_A));
        ledger.markUploading(id);
        clock.advance(Duration.ofMinutes(5));

        // the retry asks for de only; a delivered output named again (cs) must stay delivered
        jobs().submitted(id, "job-second", "spool/1/original", "{\"try\":2}", List.of(
                new JobLedger.ExpectedOutput("MT_GENERIC_PRETRANSLATE", "cs"),
                new JobLedger.ExpectedOutput("MT_GENERIC_PRETRANSLATE", "de")), T0.plusSeconds(330));

        assertThat(ledger.find(id).orElseThrow()).extracting(FileEntry::state, FileEntry::vendorId)
                .containsExactly(FileState.SUBMITTED, "job-second");
        assertThat(jobs().findByVendorJobId("job-first")).isEmpty();
        assertThat(jobs().find(id)).get().satisfies(job -> {
            assertThat(job.vendorJobId()).isEqualTo("job-second");
            assertThat(job.spec()).isEqualTo("{\"try\":2}");
            assertThat(job.submittedAt()).isEqualTo(T0.plusSeconds(300));
            assertThat(job.nextPollAt()).isEqualTo(T0.plusSeconds(330));
            assertThat(job.polls()).isZero();
        });
        assertThat(jobs().outputs(id)).extracting(OutputEntry::id, OutputEntry::targetLang, OutputEntry::state,
                OutputEntry::outputPath, OutputEntry::score, OutputEntry::error).containsExactly(
                        tuple(first.get(0).id(), "cs", OutputState.DELIVERED, "cs/guide.docx", null, null),
                        tuple(first.get(1).id(), "de", OutputState.PENDING, null, null, null),
                        tuple(first.get(2).id(), "cs", OutputState.DELIVERED, "guide.docx.qps.json", 0.87, null));
        assertThat(jobs().due(T0.plusSeconds(400), 10)).extracting(JobEntry::vendorJobId)
                .containsExactly("job-second");
    }

    @Test
    void aResubmissionThatCannotBeRecordedLeavesTheOldJobAndOutputsUntouched() {
        long id = ledger.receive(file("docs", SHA_A)).id();
        long other = ledger.receive(file("docs", SHA_B)).id();
        jobs().submitted(id, "job-first", "s1", "{}", THREE_LANGUAGES, T0);
        jobs().failed(jobs().outputs(id).get(1).id(), "de ended in ERROR");
        jobs().submitted(other, "job-taken", "s2", "{}", THREE_LANGUAGES, T0);

        // the vendor job id is unique: the insert fails after the delete and the reset, and all of it rolls back
        assertThatThrownBy(() -> jobs().submitted(id, "job-taken", "s1", "{}", THREE_LANGUAGES, T0))
                .isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);

        assertThat(jobs().find(id).orElseThrow().vendorJobId()).isEqualTo("job-first");
        assertThat(jobs().outputs(id)).extracting(OutputEntry::state).containsExactly(OutputState.PENDING,
                OutputState.FAILED, OutputState.PENDING);
        assertThat(ledger.find(id).orElseThrow().vendorId()).isEqualTo("job-first");
    }

    // --- receive / find ---

    @Test
    void receiveStoresAFileAndFindReturnsItUnchangedIncludingUnicode() {
        FileEntry received = ledger.receive(file("invoices", SHA_A));

        assertThat(received.id()).isPositive();
        assertThat(received).extracting(FileEntry::pipeline, FileEntry::vendor, FileEntry::fileName,
                FileEntry::relativePath, FileEntry::sizeBytes, FileEntry::sha256, FileEntry::state,
                FileEntry::vendorId, FileEntry::attempts, FileEntry::lastHttpStatus, FileEntry::lastError,
                FileEntry::duplicateOf, FileEntry::receipt, FileEntry::instanceId, FileEntry::receivedAt,
                FileEntry::updatedAt, FileEntry::finishedAt)
                .containsExactly("invoices", "acme", NAME, PATH, 12_345L, SHA_A, FileState.RECEIVED,
                        null, 0, null, null, null, null, "node-a", T0, T0, null);
        assertThat(ledger.find(received.id())).contains(received);
        assertThat(ledger.findByPipeline("invoices")).containsExactly(received);
        assertThat(ledger.events(received.id()))
                .extracting(FileEvent::fileId, FileEvent::at, FileEvent::kind, FileEvent::httpStatus)
                .containsExactly(tuple(received.id(), T0, "RECEIVED", null));
    }

    @Test
    void checksumIsStoredLowerCaseSoTwinsMatchWhateverCaseTheCallerUsed() {
        FileEntry upper = ledger.receive(file("invoices", "ABCDEF" + "0".repeat(58)));
        FileEntry lower = ledger.receive(file("invoices", "abcdef" + "0".repeat(58)));

        assertThat(upper.sha256()).isEqualTo("abcdef" + "0".repeat(58));
        assertThat(ledger.findEarlierTwin(lower.id())).map(FileEntry::id).contains(upper.id());
    }

    @Test
    void malformedChecksumIsRejectedNotTruncated() {
        assertThatThrownBy(() -> file("invoices", "a".repeat(65))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> file("invoices", "z".repeat(64))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void findOfAnUnknownIdIsEmpty() {
        assertThat(ledger.find(987_654_321L)).isEmpty();
        assertThat(ledger.events(987_654_321L)).isEmpty();
    }

    @Test
    void findByPipelineListsOnlyThatPipelineNewestFirst() {
        long first = ledger.receive(file("invoices", SHA_A)).id();
        long other = ledger.receive(file("orders", SHA_A)).id();
        long second = ledger.receive(file("invoices", SHA_B)).id();

        assertThat(ledger.findByPipeline("invoices")).extracting(FileEntry::id).containsExactly(second, first);
        assertThat(ledger.findByPipeline("orders")).extracting(FileEntry::id).containsExactly(other);
        assertThat(ledger.findByPipeline("nothing")).isEmpty();
    }

    // --- state changes ---

    @Test
    void successfulUploadMovesThroughStatesAndKeepsTheTimelineInOrder() {
        long id = ledger.receive(file("invoices", SHA_A)).id();
        clock.advance(Duration.ofSeconds(1));
        ledger.markUploading(id);
        assertThat(ledger.find(id).orElseThrow())
                .extracting(FileEntry::state, FileEntry::receivedAt, FileEntry::updatedAt, FileEntry::finishedAt)
                .containsExactly(FileState.UPLOADING, T0, T0.plusSeconds(1), null);

        clock.advance(Duration.ofSeconds(1));
        ledger.recordAttempt(id, 1, 503, "Service Unavailable");
        clock.advance(Duration.ofSeconds(1));
        ledger.recordAttempt(id, 2, 201, null);
        clock.advance(Duration.ofSeconds(1));
        String receipt = "{\"id\":\"V-42\",\"name\":\"Übersicht – 日本\"}";
        ledger.markCompleted(id, "V-42", receipt);

        FileEntry done = ledger.find(id).orElseThrow();
        assertThat(done).extracting(FileEntry::state, FileEntry::vendorId, FileEntry::attempts,
                FileEntry::lastHttpStatus, FileEntry::lastError, FileEntry::receipt, FileEntry::receivedAt,
                FileEntry::updatedAt, FileEntry::finishedAt)
                .containsExactly(FileState.COMPLETED, "V-42", 2, 201, null, receipt, T0, T0.plusSeconds(4),
                        T0.plusSeconds(4));
        assertThat(ledger.events(id))
                .extracting(FileEvent::kind, FileEvent::at, FileEvent::httpStatus, FileEvent::detail)
                .containsExactly(
                        tuple("RECEIVED", T0, null, "received by node-a"),
                        tuple("UPLOADING", T0.plusSeconds(1), null, null),
                        tuple("ATTEMPT", T0.plusSeconds(2), 503, "Service Unavailable"),
                        tuple("ATTEMPT", T0.plusSeconds(3), 201, null),
                        tuple("COMPLETED", T0.plusSeconds(4), null, "vendor id V-42"));
    }

    @Test
    void eventsWrittenInTheSameClockTickKeepTheirOrder() {
        long id = ledger.receive(file("invoices", SHA_A)).id();
        ledger.markUploading(id);
        ledger.recordAttempt(id, 1, 500, "boom");
        ledger.markFailed(id, 500, "boom");

        assertThat(ledger.events(id)).extracting(FileEvent::kind)
                .containsExactly("RECEIVED", "UPLOADING", "ATTEMPT", "FAILED");
    }

    @Test
    void theRequestIdOfAnUploadStaysOnTheRowWhenItFailsAndARetryReplacesIt() {
        long id = ledger.receive(file("invoices", SHA_A)).id();
        assertThat(ledger.requestId(id)).isEmpty();
        ledger.markUploading(id, "req-1");
        ledger.recordAttempt(id, 1, 500, "boom");
        ledger.markFailed(id, 500, "boom");

        assertThat(ledger.requestId(id)).contains("req-1");
        assertThat(ledger.events(id)).filteredOn(e -> e.kind().equals("UPLOADING")).extracting(FileEvent::detail)
                .containsExactly("requestId req-1");

        ledger.markRetrying(id, "retry requested");
        assertThat(ledger.receive(file("invoices", SHA_A)).id()).isEqualTo(id);
        ledger.markUploading(id, "req-2");
        assertThat(ledger.requestId(id)).contains("req-2");
        ledger.markUploading(id); // a step without a request id (a translation) keeps the one there is
        assertThat(ledger.requestId(id)).contains("req-2");
        assertThat(ledger.requestId(987_654_321L)).isEmpty();
    }

    @Test
    void markFailedStoresTheErrorAndAMissingStatusKeepsTheLastOneSeen() {
        long id = ledger.receive(file("invoices", SHA_A)).id();
        ledger.markUploading(id);
        ledger.recordAttempt(id, 1, 502, "Bad Gateway");
        clock.advance(Duration.ofMinutes(1));
        ledger.markFailed(id, null, "connection refused");

        assertThat(ledger.find(id).orElseThrow())
                .extracting(FileEntry::state, FileEntry::lastHttpStatus, FileEntry::lastError, FileEntry::attempts,
                        FileEntry::finishedAt, FileEntry::updatedAt)
                .containsExactly(FileState.FAILED, 502, "connection refused", 1, T0.plusSeconds(60),
                        T0.plusSeconds(60));
        assertThat(ledger.events(id)).last()
                .extracting(FileEvent::kind, FileEvent::httpStatus, FileEvent::detail)
                .containsExactly("FAILED", null, "connection refused");
    }

    @Test
    void markFailedWithAStatusRecordsIt() {
        long id = ledger.receive(file("invoices", SHA_A)).id();
        ledger.markFailed(id, 422, "rejected: unsupported format");

        assertThat(ledger.find(id).orElseThrow().lastHttpStatus()).isEqualTo(422);
        assertThat(ledger.events(id)).last().extracting(FileEvent::httpStatus).isEqualTo(422);
    }

    @Test
    void markDuplicateLinksTheOriginalAndFinishesTheRow() {
        long original = ledger.receive(file("invoices", SHA_A)).id();
        long copy = ledger.receive(file("invoices", SHA_A)).id();
        clock.advance(Duration.ofSeconds(5));
        ledger.markDuplicate(copy, original);

        assertThat(ledger.find(copy).orElseThrow())
                .extracting(FileEntry::state, FileEntry::duplicateOf, FileEntry::finishedAt, FileEntry::updatedAt)
                .containsExactly(FileState.DUPLICATE, original, T0.plusSeconds(5), T0.plusSeconds(5));
        assertThat(ledger.events(copy)).last().extracting(FileEvent::kind, FileEvent::detail)
                .containsExactly("DUPLICATE", "duplicate of file " + original);
        assertThat(ledger.find(original).orElseThrow().state()).isEqualTo(FileState.RECEIVED);
    }

    @Test
    void changingAnUnknownRowFailsAndWritesNoEvent() {
        assertThatThrownBy(() -> ledger.markUploading(987_654_321L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("987654321");
        assertThat(jdbc.queryForObject("select count(*) from fb_event", Integer.class)).isZero();
    }

    // --- twins ---

    @Test
    void sameContentInTheSamePipelineHasTheLowestEarlierIdAsTwin() {
        long first = ledger.receive(file("invoices", SHA_A)).id();
        long second = ledger.receive(file("invoices", SHA_A)).id();
        long third = ledger.receive(file("invoices", SHA_A)).id();

        assertThat(ledger.findEarlierTwin(first)).isEmpty();
        assertThat(ledger.findEarlierTwin(second)).map(FileEntry::id).contains(first);
        assertThat(ledger.findEarlierTwin(third)).map(FileEntry::id).contains(first);
    }

    @Test
    void otherPipelineOrOtherContentIsNoTwin() {
        ledger.receive(file("orders", SHA_A));
        ledger.receive(file("invoices", SHA_B));
        long id = ledger.receive(file("invoices", SHA_A)).id();

        assertThat(ledger.findEarlierTwin(id)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(FileState.class)
    void onlyRowsStillStandingAreTwins(FileState earlierState) {
        long earlier = ledger.receive(file("invoices", SHA_A)).id();
        // set directly: the API has no call that enters SUBMITTED, and this covers every state the same way
        jdbc.update("update fb_file set state = ? where id = ?", earlierState.name(), earlier);
        long later = ledger.receive(file("invoices", SHA_A)).id();

        boolean standing = EnumSet.of(FileState.RECEIVED, FileState.UPLOADING, FileState.SUBMITTED,
                FileState.COMPLETED).contains(earlierState);
        assertThat(ledger.findEarlierTwin(later).map(FileEntry::id))
                .isEqualTo(standing ? Optional.of(earlier) : Optional.empty());
    }

    @Test
    void afterAFailedOrDuplicateOrInterruptedCopyTheNextCopyIsSentAgain() {
        long failed = ledger.receive(file("invoices", SHA_A)).id();
        ledger.markFailed(failed, 500, "boom");
        long dup = ledger.receive(file("invoices", SHA_A)).id();
        ledger.markDuplicate(dup, failed); // bookkeeping only: a DUPLICATE row never counts as an original
        long interrupted = ledger.receive(file("invoices", SHA_A)).id();
        ledger.markUploading(interrupted);
        assertThat(ledger.interruptStale()).isEqualTo(1);

        long retry = ledger.receive(file("invoices", SHA_A)).id();
        assertThat(ledger.findEarlierTwin(retry)).isEmpty();
        long next = ledger.receive(file("invoices", SHA_A)).id();
        assertThat(ledger.findEarlierTwin(next)).map(FileEntry::id).contains(retry);
    }

    @Test
    void twinsAreFoundAcrossInstancesSharingTheDatabase() {
        Ledger other = new Ledger(jdbc, clock, "node-b");
        long first = other.receive(file("invoices", SHA_A)).id();
        long second = ledger.receive(file("invoices", SHA_A)).id();

        assertThat(ledger.findEarlierTwin(second)).map(FileEntry::id).contains(first);
        assertThat(other.findEarlierTwin(first)).isEmpty();
    }

    @Test
    void aPickupThatSkipsDuplicatesRecordsTheDuplicateInItsOwnTransaction() {
        long original = ledger.pickUp(file("invoices", SHA_A), id -> true, true).id();
        Pickup copy = ledger.pickUp(file("invoices", SHA_A), id -> true, true);
        Pickup other = ledger.pickUp(file("invoices", SHA_B), id -> true, true);

        assertThat(copy.duplicateOf()).map(FileEntry::id).contains(original);
        assertThat(copy.entry().state()).isEqualTo(FileState.DUPLICATE);
        assertThat(copy.entry().duplicateOf()).isEqualTo(original);
        assertThat(ledger.events(copy.id())).extracting(FileEvent::kind).containsExactly("RECEIVED", "DUPLICATE");
        assertThat(other.duplicateOf()).isEmpty();
        assertThat(ledger.pickUp(file("invoices", SHA_A), id -> true, false).duplicateOf())
                .as("without skipDuplicates nobody looks").isEmpty();
    }

    @Test
    void theSuccessfulAttemptIsRecordedWithTheCompletion() {
        long id = ledger.receive(file("invoices", SHA_A)).id();
        ledger.markUploading(id, "req-1");
        ledger.markCompleted(id, "V-1", "{}", new Attempt(2, 201, "created"));

        FileEntry done = ledger.find(id).orElseThrow();
        assertThat(done.state()).isEqualTo(FileState.COMPLETED);
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(done.lastHttpStatus()).isEqualTo(201);
        assertThat(ledger.events(id)).extracting(FileEvent::kind).containsExactly("RECEIVED", "UPLOADING", "ATTEMPT",
                "COMPLETED");
    }

    @Test
    void concurrentCopiesOfTheSameContentAgreeOnExactlyOneOriginal() throws Exception {
        Ledger other = new Ledger(jdbc, clock, "node-b"); // half the threads act as a second instance
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 5; round++) {
                NewFile copy = file("invoices", String.format("%064x", round + 1));
                CountDownLatch start = new CountDownLatch(1);
                List<Future<long[]>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    Ledger l = t % 2 == 0 ? ledger : other;
                    results.add(pool.submit(() -> {
                        start.await();
                        long id = l.receive(copy).id();
                        // {own id, twin id or -1}
                        return new long[] {id, l.findEarlierTwin(id).map(FileEntry::id).orElse(-1L)};
                    }));
                }
                start.countDown();
                List<long[]> outcomes = new ArrayList<>();
                for (Future<long[]> f : results) {
                    outcomes.add(f.get(30, TimeUnit.SECONDS));
                }

                long lowest = outcomes.stream().mapToLong(o -> o[0]).min().orElseThrow();
                assertThat(outcomes).as("round %d: exactly one copy has no twin", round)
                        .filteredOn(o -> o[1] == -1L).singleElement().satisfies(o -> assertThat(o[0]).isEqualTo(lowest));
                assertThat(outcomes).as("round %d: every other copy names the lowest id", round)
                        .filteredOn(o -> o[1] != -1L).hasSize(threads - 1).allSatisfy(o -> assertThat(o[1]).isEqualTo(lowest));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Another instance mid-receive (emulated with raw SQL: it holds the content's stripe lock and has inserted a row,
     * not yet committed). A receive of the same content must wait for it; otherwise its lower id would be invisible to
     * findEarlierTwin and both copies would be taken for originals. A receive of other content does not wait.
     */
    @Test
    void aReceiveWaitsForAReceiveInFlightOfTheSameContentSoTheLowerIdIsSeen() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection con = dataSource().getConnection()) {
            con.setAutoCommit(false);
            long inFlight;
            try (var lock = con.prepareStatement("select name from fb_lock where name = '"
                    + Ledger.contentStripe("invoices", SHA_A) + "' for update");
                 PreparedStatement insert = con.prepareStatement("insert into fb_file (pipeline, vendor, file_name,"
                         + " relative_path, size_bytes, sha256, state, instance_id, received_at, updated_at)"
                         + " values ('invoices', 'acme', 'a.pdf', 'a.pdf', 1, ?, 'RECEIVED', 'node-b',"
                         + " current_timestamp, current_timestamp)", new String[] {"id"})) {
                lock.executeQuery().close();
                insert.setString(1, SHA_A);
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    inFlight = keys.getLong(1);
                }
            }

            String otherContent = IntStream.range(1, 100).mapToObj(n -> String.format("%064x", n))
                    .filter(sha -> !Ledger.contentStripe("invoices", sha).equals(Ledger.contentStripe("invoices",
                            SHA_A))).findFirst().orElseThrow();
            assertThat(pool.submit(() -> ledger.receive(file("invoices", otherContent)).id()).get(10, TimeUnit.SECONDS))
                    .as("other content is not held up by the receive in flight").isPositive();

            Callable<Optional<FileEntry>> receiveAndCheck = () -> {
                long id = ledger.receive(file("invoices", SHA_A)).id();
                return ledger.findEarlierTwin(id);
            };
            Future<Optional<FileEntry>> twin = pool.submit(receiveAndCheck);
            assertThatThrownBy(() -> twin.get(300, TimeUnit.MILLISECONDS))
                    .as("receive must wait for the receive in flight").isInstanceOf(TimeoutException.class);

            con.commit();
            assertThat(twin.get(30, TimeUnit.SECONDS)).map(FileEntry::id).contains(inFlight);
        } finally {
            pool.shutdownNow();
        }
    }

    // --- startup sweep ---

    @Test
    void interruptStaleTouchesOnlyThisInstancesReceivedAndUploadingRows() {
        Ledger other = new Ledger(jdbc, clock, "node-b");
        long received = ledger.receive(file("invoices", SHA_A)).id();
        long uploading = ledger.receive(file("invoices", SHA_B)).id();
        ledger.markUploading(uploading);
        long completed = ledger.receive(file("orders", SHA_A)).id();
        ledger.markCompleted(completed, "V-1", "{}");
        long failed = ledger.receive(file("orders", SHA_B)).id();
        ledger.markFailed(failed, 500, "boom");
        long submitted = ledger.receive(file("reports", SHA_A)).id();
        jdbc.update("update fb_file set state = 'SUBMITTED' where id = ?", submitted);
        long otherReceived = other.receive(file("invoices", SHA_A)).id();
        long otherUploading = other.receive(file("invoices", SHA_B)).id();
        other.markUploading(otherUploading);

        clock.advance(Duration.ofMinutes(10));
        assertThat(ledger.interruptStale()).isEqualTo(2);

        for (long id : List.of(received, uploading)) {
            assertThat(ledger.find(id).orElseThrow())
                    .extracting(FileEntry::state, FileEntry::lastError, FileEntry::finishedAt, FileEntry::updatedAt)
                    .containsExactly(FileState.INTERRUPTED,
                            "interrupted by a stop while uploading; the vendor may have received the file once",
                            T0.plusSeconds(600), T0.plusSeconds(600));
            assertThat(ledger.events(id)).last().extracting(FileEvent::kind, FileEvent::at)
                    .containsExactly("INTERRUPTED", T0.plusSeconds(600));
        }
        assertThat(ledger.find(completed).orElseThrow().state()).isEqualTo(FileState.COMPLETED);
        assertThat(ledger.find(failed).orElseThrow().state()).isEqualTo(FileState.FAILED);
        assertThat(ledger.find(submitted).orElseThrow().state()).isEqualTo(FileState.SUBMITTED);
        assertThat(ledger.find(otherReceived).orElseThrow().state()).isEqualTo(FileState.RECEIVED);
        assertThat(ledger.find(otherUploading).orElseThrow().state()).isEqualTo(FileState.UPLOADING);
        assertThat(ledger.events(otherUploading)).extracting(FileEvent::kind).doesNotContain("INTERRUPTED");

        assertThat(ledger.interruptStale()).as("a second sweep finds nothing").isZero();
        assertThat(other.interruptStale()).isEqualTo(2);
    }

    @Test
    void blankInstanceIdFallsBackToTheHostName() {
        Ledger unnamed = new Ledger(jdbc, clock, "  ");

        assertThat(unnamed.instanceId()).isNotBlank();
        assertThat(unnamed.receive(file("invoices", SHA_A)).instanceId()).isEqualTo(unnamed.instanceId());
    }

    // --- text that does not fit ---

    @Test
    void aTenThousandCharacterErrorIsCutToTheColumnSize() {
        long id = ledger.receive(file("invoices", SHA_A)).id();
        String error = "E".repeat(10_000);
        ledger.markFailed(id, 500, error);

        String stored = ledger.find(id).orElseThrow().lastError();
        assertThat(stored).hasSize(4000).startsWith("E".repeat(3999)).endsWith("…");
        assertThat(ledger.events(id)).last().extracting(FileEvent::detail).isEqualTo(stored);
    }

    @Test
    void cuttingNeverSplitsACharacterAndDropsNul() {
        long id = ledger.receive(file("invoices", SHA_A)).id();
        ledger.markFailed(id, 500, "\0" + "😀".repeat(5_000)); // 10,000 UTF-16 units after the NUL

        String stored = ledger.find(id).orElseThrow().lastError();
        assertThat(stored.length()).isLessThanOrEqualTo(4000);
        assertThat(stored).doesNotContain("\0").endsWith("…");
        assertThat(stored.substring(0, stored.length() - 1)).isEqualTo("😀".repeat(1999));
    }

    @Test
    void overlongNamesAndVendorIdsAreCutToo() {
        FileEntry e = ledger.receive(new NewFile("p".repeat(300), "v".repeat(80), "n".repeat(1500),
                "r".repeat(3000), 1, SHA_A));
        ledger.markCompleted(e.id(), "x".repeat(600), "{}");

        FileEntry done = ledger.find(e.id()).orElseThrow();
        assertThat(done.pipeline()).hasSize(200);
        assertThat(done.vendor()).hasSize(50);
        assertThat(done.fileName()).hasSize(1000);
        assertThat(done.relativePath()).hasSize(2000);
        assertThat(done.vendorId()).hasSize(500);
        assertThat(ledger.findByPipeline("p".repeat(300))).as("lookup cuts the same way").hasSize(1);
    }

    // --- callbacks ---

    static final String TOKEN_1 = "q3Y8nVb2Qe0Jx7mWc1Lr5Tz9Ka4Hs6Du0Gp2Fo8Ni3";
    static final String TOKEN_2 = "Zx8Cv7Bn6Mm5Ll4Kk3Jj2Hh1Gg0Ff9Dd8Ss7Aa6Qq5";

    @Test
    void aCallbackTokenFindsItsRowOnlyForItsVendorAndIsNotStoredInTheClear() {
        long one = ledger.receive(file("invoices", SHA_A)).id();
        long two = ledger.receive(file("invoices", SHA_B)).id();
        ledger.receive(file("orders", SHA_A)); // rows without a token must not clash with each other

        ledger.attachCallbackToken(one, TOKEN_1);
        ledger.attachCallbackToken(two, TOKEN_2);

        assertThat(ledger.findByCallbackToken("acme", TOKEN_1)).map(FileEntry::id).contains(one);
        assertThat(ledger.findByCallbackToken("acme", TOKEN_2)).map(FileEntry::id).contains(two);
        assertThat(ledger.findByCallbackToken("other-vendor", TOKEN_1)).isEmpty();
        assertThat(ledger.findByCallbackToken("acme", TOKEN_1.substring(1))).isEmpty();
        assertThat(ledger.findByCallbackToken("acme", TOKEN_1.toLowerCase())).isEmpty();
        assertThat(ledger.findByCallbackToken("acme", "")).isEmpty();
        assertThat(ledger.findByCallbackToken("acme", null)).isEmpty();
        String stored = jdbc.queryForObject("select callback_token_sha256 from fb_file where id = ?", String.class, one);
        assertThat(stored).matches("[0-9a-f]{64}").isNotEqualTo(TOKEN_1);
    }

    @Test
    void aNewTokenReplacesTheOldOneAndAnUnknownRowFails() {
        long id = ledger.receive(file("invoices", SHA_A)).id();
        ledger.attachCallbackToken(id, TOKEN_1);
        ledger.attachCallbackToken(id, TOKEN_2);

        assertThat(ledger.findByCallbackToken("acme", TOKEN_1)).isEmpty();
        assertThat(ledger.findByCallbackToken("acme", TOKEN_2)).map(FileEntry::id).contains(id);
        assertThatThrownBy(() -> ledger.attachCallbackToken(987_654_321L, TOKEN_1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRecordedCallbackIsAnEventThatLeavesTheRowAsItWas() {
        long id = ledger.receive(file("invoices", SHA_A)).id();
        ledger.markUploading(id);
        ledger.markCompleted(id, "U-1", "{}");
        FileEntry before = ledger.find(id).orElseThrow();
        clock.advance(Duration.ofSeconds(5));

        ledger.recordCallback(id, "webhook, 12 bytes: {\"uid\":\"U-1\"} – ✓");

        assertThat(ledger.find(id)).contains(before);
        assertThat(ledger.events(id)).last().extracting(FileEvent::kind, FileEvent::at, FileEvent::httpStatus,
                FileEvent::detail).containsExactly(Ledger.CALLBACK, T0.plusSeconds(5), null,
                "webhook, 12 bytes: {\"uid\":\"U-1\"} – ✓");
        ledger.recordCallback(id, "x".repeat(5000));
        assertThat(ledger.events(id)).last().extracting(FileEvent::detail).asString().hasSize(4000);
        assertThatThrownBy(() -> ledger.recordCallback(987_654_321L, "nothing"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ledger.events(987_654_321L)).isEmpty();
    }

    // --- crash recovery: a pickup continues the row a stop or a retry left (V8) ---

    static NewFile taken(String sha, String sourceKey) {
        return new NewFile("invoices", "acme", NAME, PATH, 12_345L, sha, sourceKey);
    }

    @Test
    void aRowInterruptedWhileUploadingIsContinuedAndItsNextUploadCountsAsAReupload() {
        long id = ledger.receive(taken(SHA_A, "inode-1")).id();
        ledger.markUploading(id, "req-1");
        assertThat(ledger.interruptStale()).isEqualTo(1);

        Pickup again = ledger.pickUp(taken(SHA_A, "inode-1"), none -> false);

        assertThat(again.continuation()).isEqualTo(Pickup.Continuation.RESUMED);
        assertThat(again.id()).isEqualTo(id);
        assertThat(again.entry().state()).isEqualTo(FileState.RECEIVED);
        assertThat(again.entry().reuploads()).isZero();
        ledger.markUploading(id, "req-2");
        ledger.markCompleted(id, "V-1", "{}");
        assertThat(ledger.find(id).orElseThrow()).extracting(FileEntry::state, FileEntry::reuploads)
                .containsExactly(FileState.COMPLETED, 1);
        assertThat(ledger.events(id)).extracting(FileEvent::kind).containsExactly("RECEIVED", "UPLOADING",
                "INTERRUPTED", Ledger.RESUMED, "UPLOADING", "COMPLETED");
        assertThat(ledger.events(id).get(4).detail()).contains("requestId req-2", "one more copy");
        ledger.markUploading(id, "req-3"); // only the first upload after the stop counts
        assertThat(ledger.find(id).orElseThrow().reuploads()).isEqualTo(1);
    }

    @Test
    void aRowInterruptedBeforeItsUploadIsContinuedWithoutAReupload() {
        long id = ledger.receive(taken(SHA_A, "inode-1")).id();
        ledger.interruptStale();

        long again = ledger.pickUp(taken(SHA_A, "inode-1"), none -> false).id();
        ledger.markUploading(again, "req-2");

        assertThat(again).isEqualTo(id);
        assertThat(ledger.find(id).orElseThrow().reuploads()).isZero();
    }

    @Test
    void aRowLeftUploadingWhoseRunEndedWithoutAnOutcomeIsContinuedUnlessItIsStillInFlight() {
        long id = ledger.receive(taken(SHA_A, "inode-1")).id();
        ledger.markUploading(id, "req-1");

        Pickup inFlight = ledger.pickUp(taken(SHA_A, "inode-1"), candidate -> candidate == id);
        assertThat(inFlight.continuation()).isEqualTo(Pickup.Continuation.NEW);
        assertThat(inFlight.id()).isNotEqualTo(id);

        Pickup dead = ledger.pickUp(taken(SHA_B, "inode-2"), none -> false);
        assertThat(dead.continuation()).isEqualTo(Pickup.Continuation.NEW);
        long stale = ledger.receive(taken(SHA_C, "inode-3")).id();
        ledger.markUploading(stale, "req-3");
        Pickup resumed = ledger.pickUp(taken(SHA_C, "inode-3"), none -> false);
        assertThat(resumed).extracting(Pickup::id, Pickup::continuation).containsExactly(stale,
                Pickup.Continuation.RESUMED);
        ledger.markUploading(stale, "req-4");
        assertThat(ledger.find(stale).orElseThrow().reuploads()).isEqualTo(1);
    }

    @Test
    void theSameFileFoundAgainAfterItsUploadIsFinishedNotSentButACopyDroppedAgainIsNew() {
        long id = ledger.receive(taken(SHA_A, "inode-1")).id();
        ledger.markUploading(id, "req-1");
        ledger.markCompleted(id, "V-1", "{\"vendorId\":\"V-1\"}");

        Pickup same = ledger.pickUp(taken(SHA_A, "inode-1"), none -> false);
        assertThat(same).extracting(Pickup::id, Pickup::continuation).containsExactly(id,
                Pickup.Continuation.FINISH);
        assertThat(same.entry()).extracting(FileEntry::state, FileEntry::vendorId, FileEntry::receipt)
                .containsExactly(FileState.COMPLETED, "V-1", "{\"vendorId\":\"V-1\"}");
        assertThat(ledger.events(id)).last().extracting(FileEvent::kind).isEqualTo(Ledger.RESUMED);

        Pickup copy = ledger.pickUp(taken(SHA_A, "inode-2"), none -> false);
        assertThat(copy.continuation()).isEqualTo(Pickup.Continuation.NEW);
        assertThat(ledger.findEarlierTwin(copy.id())).map(FileEntry::id).contains(id);
        ledger.markDuplicate(copy.id(), id);
        assertThat(ledger.pickUp(taken(SHA_A, null), none -> false).continuation())
                .as("without an identity a file is never taken for the same one").isEqualTo(Pickup.Continuation.NEW);
    }

    @Test
    void aDeliveryFailureKeepsTheVendorIdAndItsRetryOnlyFinishes() {
        long id = ledger.receive(taken(SHA_A, "inode-1")).id();
        ledger.markUploading(id, "req-1");
        ledger.markCompleted(id, "V-1", "{}");
        ledger.markFailed(id, null, "receipt folder full", FailedStage.DELIVERY);
        assertThat(ledger.find(id).orElseThrow()).extracting(FileEntry::state, FileEntry::failedStage,
                FileEntry::vendorId, FileEntry::vendorHasIt).containsExactly(FileState.FAILED, FailedStage.DELIVERY,
                "V-1", true);

        ledger.markRetrying(id, "retry requested");
        Pickup retried = ledger.pickUp(taken(SHA_A, "inode-9"), none -> false);

        assertThat(retried).extracting(Pickup::id, Pickup::continuation).containsExactly(id,
                Pickup.Continuation.FINISH);
        assertThat(retried.entry()).extracting(FileEntry::state, FileEntry::failedStage, FileEntry::lastError)
                .containsExactly(FileState.COMPLETED, null, null);
        assertThat(retried.entry().reuploads()).isZero();
    }

    @Test
    void aFailedFileStillInItsIntakeRunsAgainOnItsOwnRow() {
        long id = ledger.receive(taken(SHA_A, "inode-1")).id();
        ledger.markFailed(id, 503, "unavailable");

        Pickup again = ledger.pickUp(taken(SHA_A, "inode-1"), none -> false);
        assertThat(again).extracting(Pickup::id, Pickup::continuation).containsExactly(id,
                Pickup.Continuation.RESUMED);
        assertThat(again.entry()).extracting(FileEntry::state, FileEntry::lastError, FileEntry::failedStage)
                .containsExactly(FileState.RECEIVED, null, null);
        assertThat(ledger.pickUp(taken(SHA_B, "inode-1"), none -> false).continuation())
                .as("other content at the same path").isEqualTo(Pickup.Continuation.NEW);
    }

    @Test
    void interruptedRowsThatALaterRowFinishedAreSupersededOthersStay() {
        long old = ledger.receive(taken(SHA_A, null)).id();
        long lonely = ledger.receive(taken(SHA_B, null)).id();
        ledger.interruptStale();
        // before V8 a pickup after a stop started a new row; this is what such a ledger holds
        jdbc.update("insert into fb_file (pipeline, vendor, file_name, relative_path, size_bytes, sha256, state,"
                + " attempts, instance_id, received_at, updated_at) select pipeline, vendor, file_name, relative_path,"
                + " size_bytes, sha256, 'COMPLETED', 1, instance_id, received_at, updated_at from fb_file where id = ?",
                old);

        assertThat(ledger.supersedeFinishedTwins()).isEqualTo(1);

        assertThat(ledger.find(old).orElseThrow().state()).isEqualTo(FileState.SUPERSEDED);
        assertThat(ledger.find(lonely).orElseThrow().state()).isEqualTo(FileState.INTERRUPTED);
        assertThat(ledger.supersedeFinishedTwins()).isZero();
    }

    @Test
    void anOperatorDismissesAFailedRowOnceAndMayStillRetryIt() {
        long id = ledger.receive(file("invoices", SHA_A)).id();
        ledger.markFailed(id, 413, "too large");
        long done = ledger.receive(file("invoices", SHA_B)).id();
        ledger.markCompleted(done, "V-1", "{}");

        assertThat(ledger.markDismissed(id, "ops", "sent by mail instead")).isTrue();
        assertThat(ledger.markDismissed(id, "ops", "again")).isFalse();
        assertThat(ledger.markDismissed(done, "ops", null)).isFalse();

        assertThat(ledger.find(id).orElseThrow().state()).isEqualTo(FileState.DISMISSED);
        assertThat(ledger.events(id)).last().extracting(FileEvent::kind, FileEvent::detail)
                .containsExactly(Ledger.DISMISSED, "dismissed by ops: sent by mail instead");
        assertThat(ledger.markRetrying(id, "retry requested")).isTrue();
    }

    @Test
    void aRefusedInputIsAFailedRowWithoutContentFacts() {
        FileEntry refused = ledger.refused("invoices", "acme", "link.pdf", "in/link.pdf", 0,
                "a symbolic link: links are refused");

        assertThat(refused).extracting(FileEntry::state, FileEntry::failedStage, FileEntry::sha256,
                FileEntry::lastError).containsExactly(FileState.FAILED, FailedStage.INPUT, null,
                "a symbolic link: links are refused");
        assertThat(ledger.events(refused.id())).extracting(FileEvent::kind).containsExactly("FAILED");
    }
}
