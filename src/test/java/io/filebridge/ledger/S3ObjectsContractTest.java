package io.filebridge.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.filebridge.ledger.S3Objects.ClaimResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** What the S3 object claims promise, on each database (subclasses supply a migrated DataSource). */
abstract class S3ObjectsContractTest {

    static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    static final Duration LEASE = Duration.ofMinutes(10);
    static final String KEY = "inbox/Übersicht/日本語 😀.csv";

    MutableClock clock;
    JdbcTemplate jdbc;

    protected abstract DataSource dataSource();

    @BeforeEach
    void setUp() {
        jdbc = new JdbcTemplate(dataSource());
        jdbc.update("delete from fb_s3_object");
        clock = new MutableClock(T0);
    }

    S3Objects instance(String id) {
        return new S3Objects(jdbc, clock, new Ledger(jdbc, clock, id), LEASE);
    }

    @Test
    void theFirstClaimWinsAndADoneObjectIsNeverClaimedAgain() {
        S3Objects a = instance("node-a"), b = instance("node-b");

        var first = a.claim("p", "bucket", KEY, "\"etag-1\"");
        assertThat(first.result()).isEqualTo(ClaimResult.CLAIMED);
        assertThat(first.entry().instanceId()).isEqualTo("node-a");
        assertThat(first.entry().leaseUntil()).isEqualTo(T0.plus(LEASE));
        assertThat(b.claim("p", "bucket", KEY, "\"etag-1\"").result()).isEqualTo(ClaimResult.HELD);
        assertThat(a.claim("p", "bucket", KEY, "\"etag-1\"").result()).as("a second poll of the holder")
                .isEqualTo(ClaimResult.HELD);

        a.done(first.entry().id(), null);
        clock.advance(LEASE.multipliedBy(3));
        var again = b.claim("p", "bucket", KEY, "\"etag-1\"");
        assertThat(again.result()).isEqualTo(ClaimResult.ALREADY_DONE);
        b.seenAgain(again.entry().id());
        var entry = b.find("p", "bucket", KEY, "\"etag-1\"").orElseThrow();
        assertThat(entry.repeats()).isEqualTo(1);
        assertThat(entry.detail()).contains("node-b");
        assertThat(entry.instanceId()).isEqualTo("node-a");

        // new content under the same key is a new object; another pipeline keeps its own record
        assertThat(b.claim("p", "bucket", KEY, "\"etag-2\"").result()).isEqualTo(ClaimResult.CLAIMED);
        assertThat(b.claim("other", "bucket", KEY, "\"etag-1\"").result()).isEqualTo(ClaimResult.CLAIMED);
    }

    @Test
    void anExpiredClaimIsTakenOverAndTheLateHolderCannotMarkItFailed() {
        S3Objects a = instance("node-a"), b = instance("node-b");
        long id = a.claim("p", "bucket", KEY, "e").entry().id();

        clock.advance(LEASE.minusSeconds(1));
        assertThat(b.claim("p", "bucket", KEY, "e").result()).isEqualTo(ClaimResult.HELD);
        clock.advance(Duration.ofSeconds(2));
        var taken = b.claim("p", "bucket", KEY, "e");
        assertThat(taken.result()).isEqualTo(ClaimResult.CLAIMED);
        assertThat(taken.entry().instanceId()).isEqualTo("node-b");

        a.failed(id, null, "late failure of the crashed holder");
        assertThat(a.find("p", "bucket", KEY, "e").orElseThrow().outcome()).isEqualTo(S3Objects.CLAIMED);
    }

    @Test
    void aFailedObjectMayBeClaimedAgainAndAReleasedOneIsFree() {
        S3Objects a = instance("node-a"), b = instance("node-b");
        var claim = a.claim("p", "bucket", KEY, "e");
        a.failed(claim.entry().id(), null, "vendor said 413");
        var failed = a.find("p", "bucket", KEY, "e").orElseThrow();
        assertThat(failed.outcome()).isEqualTo(S3Objects.FAILED);
        assertThat(failed.detail()).isEqualTo("vendor said 413");

        var retry = b.claim("p", "bucket", KEY, "e");
        assertThat(retry.result()).isEqualTo(ClaimResult.CLAIMED);
        assertThat(retry.entry().detail()).isNull();
        b.release(retry.entry().id());
        assertThat(a.claim("p", "bucket", KEY, "e").result()).isEqualTo(ClaimResult.CLAIMED);
    }

    @Test
    void aFailureAfterDoneReopensTheObjectOnlyForItsHolder() {
        S3Objects a = instance("node-a"), b = instance("node-b");
        long id = a.claim("p", "bucket", KEY, "e").entry().id();
        a.done(id, null);

        b.failed(id, null, "not b's object");
        assertThat(a.find("p", "bucket", KEY, "e").orElseThrow().outcome()).isEqualTo(S3Objects.DONE);
        a.failed(id, null, "the receipt target refused the write after the upload");
        assertThat(a.find("p", "bucket", KEY, "e").orElseThrow().outcome()).isEqualTo(S3Objects.FAILED);
        assertThat(b.claim("p", "bucket", KEY, "e").result()).isEqualTo(ClaimResult.CLAIMED);
    }

    @Test
    void aJobThatFailsAfterItsObjectWasDoneReopensItForAnyInstance() {
        Ledger ledger = new Ledger(jdbc, clock, "node-a");
        long fileId = ledger.receive(new NewFile("p", "phrase", "x.csv", "x.csv", 1, "c".repeat(64))).id();
        long otherFile = ledger.receive(new NewFile("p", "phrase", "y.csv", "y.csv", 1, "d".repeat(64))).id();
        S3Objects a = instance("node-a"), b = instance("node-b");
        long id = a.claim("p", "bucket", KEY, "e").entry().id();
        a.done(id, fileId);
        long other = a.claim("p", "bucket", "other.csv", "e").entry().id();
        a.done(other, otherFile);

        assertThat(b.jobFailed(fileId, "languages failed: de")).isEqualTo(1);
        assertThat(b.jobFailed(fileId, "again")).as("only DONE objects reopen").isZero();

        var entry = a.find("p", "bucket", KEY, "e").orElseThrow();
        assertThat(entry.outcome()).isEqualTo(S3Objects.FAILED);
        assertThat(entry.detail()).isEqualTo("languages failed: de");
        assertThat(a.find("p", "bucket", "other.csv", "e").orElseThrow().outcome()).isEqualTo(S3Objects.DONE);
        assertThat(b.claim("p", "bucket", KEY, "e").result()).isEqualTo(ClaimResult.CLAIMED);
    }

    @Test
    void aRestartedInstanceTakesBackItsOwnClaimsFromBeforeItStarted() {
        S3Objects beforeCrash = instance("node-a");
        beforeCrash.claim("p", "bucket", KEY, "e");
        clock.advance(Duration.ofSeconds(5));
        S3Objects afterRestart = instance("node-a");

        assertThat(instance("node-b").claim("p", "bucket", KEY, "e").result()).isEqualTo(ClaimResult.HELD);
        assertThat(afterRestart.claim("p", "bucket", KEY, "e").result()).isEqualTo(ClaimResult.CLAIMED);
        assertThat(afterRestart.claim("p", "bucket", KEY, "e").result()).as("its own, current claim")
                .isEqualTo(ClaimResult.HELD);
    }

    @Test
    void ofManyInstancesClaimingAtOnceExactlyOneWins() throws Exception {
        int instances = 8;
        List<S3Objects> nodes = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            nodes.add(instance("node-" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        try {
            for (int round = 0; round < 5; round++) {
                String key = "inbox/race-" + round;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<ClaimResult>> results = new ArrayList<>();
                for (S3Objects node : nodes) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return node.claim("p", "bucket", key, "e").result();
                    }));
                }
                start.countDown();
                List<ClaimResult> answers = new ArrayList<>();
                for (Future<ClaimResult> result : results) {
                    answers.add(result.get(30, TimeUnit.SECONDS));
                }
                assertThat(answers).filteredOn(r -> r == ClaimResult.CLAIMED).hasSize(1);
                assertThat(answers).filteredOn(r -> r == ClaimResult.HELD).hasSize(instances - 1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
