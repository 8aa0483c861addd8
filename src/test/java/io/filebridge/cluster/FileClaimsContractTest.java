package io.filebridge.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import io.filebridge.ledger.FileState;
import io.filebridge.ledger.Ledger;
import io.filebridge.ledger.LedgerContractTest;
import io.filebridge.ledger.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the cluster's members and file claims promise, on each database (subclasses supply a migrated DataSource):
 * one holder per file among instances asking at once, a dead holder's files taken over, a live one's never.
 */
abstract class FileClaimsContractTest {

    static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    static final Duration TTL = Duration.ofSeconds(30);
    static final String INBOX = "marker:" + UUID.randomUUID();
    static final String PATH = "deep/Übersicht 😀.pdf";
    /** Never a process id: Linux pids stop at 4194304, and other systems are lower still. */
    static final long NO_SUCH_PID = 99_999_999L;
    static final LocalProcess HERE = LocalProcess.current("node-a");

    MutableClock clock;
    JdbcTemplate jdbc;

    protected abstract DataSource dataSource();

    @BeforeEach
    void setUp() {
        jdbc = new JdbcTemplate(dataSource());
        jdbc.update("delete from fb_file_claim");
        jdbc.update("delete from fb_instance");
        jdbc.update("delete from fb_event");
        jdbc.update("delete from fb_file");
        clock = new MutableClock(T0);
    }

    /** A joined instance on a host of its own. */
    Node elsewhere(String instanceId) {
        return join(new LocalProcess(instanceId, UUID.randomUUID().toString(), "host-" + UUID.randomUUID(), null,
                4242, T0.minusSeconds(3600)));
    }

    /** A joined instance on this host with the given pid. */
    Node here(String instanceId, long pid, Instant started) {
        return join(new LocalProcess(instanceId, UUID.randomUUID().toString(), HERE.host(), HERE.pidScope(), pid,
                started));
    }

    Node join(LocalProcess process) {
        ClusterMembers members = new ClusterMembers(jdbc, clock, process, TTL);
        members.join();
        return new Node(members, new FileClaims(jdbc, members));
    }

    record Node(ClusterMembers members, FileClaims claims) {
        String runId() {
            return members.process().runId();
        }
    }

    @Test
    void aClaimIsExclusiveUntilItsReleaseIsFlushed() {
        Node a = elsewhere("node-a"), b = elsewhere("node-b");

        assertThat(a.claims().claim(INBOX, PATH, "support")).isEqualTo(new FileClaims.Claimed(null, null));
        var held = b.claims().claim(INBOX, PATH, "support");
        assertThat(held).isInstanceOf(FileClaims.HeldBy.class);
        assertThat(((FileClaims.HeldBy) held).holder().runId()).isEqualTo(a.runId());
        assertThat(b.claims().claim(INBOX, "other.pdf", "support")).as("another path is free")
                .isInstanceOf(FileClaims.Claimed.class);
        assertThat(b.claims().claim("marker:" + UUID.randomUUID(), PATH, "support")).as("another inbox too")
                .isInstanceOf(FileClaims.Claimed.class);

        a.claims().release(INBOX, PATH);
        assertThat(b.claims().claim(INBOX, PATH, "support")).as("released, not yet deleted")
                .isInstanceOf(FileClaims.HeldBy.class);
        a.claims().flushReleases();
        assertThat(b.claims().claim(INBOX, PATH, "support")).isInstanceOf(FileClaims.Claimed.class);
        assertThat(a.claims().claims()).extracting(FileClaims.Claim::runId).containsOnly(b.runId());
    }

    @Test
    void aFileClaimedAgainBeforeTheFlushStaysClaimed() {
        Node a = elsewhere("node-a"), b = elsewhere("node-b");
        a.claims().claim(INBOX, PATH, "support");
        a.claims().release(INBOX, PATH);

        assertThat(a.claims().claim(INBOX, PATH, "support")).isInstanceOf(FileClaims.Claimed.class);
        a.claims().flushReleases();
        assertThat(b.claims().claim(INBOX, PATH, "support")).as("the flush must not drop the new claim")
                .isInstanceOf(FileClaims.HeldBy.class);
    }

    @Test
    void anotherPipelineOfTheSameProcessDoesNotGetTheFile() {
        Node a = elsewhere("node-a");
        a.claims().claim(INBOX, PATH, "support");

        var held = a.claims().claim(INBOX, PATH, "support-copy");
        assertThat(held).isInstanceOf(FileClaims.HeldBy.class);
        assertThat(((FileClaims.HeldBy) held).pipeline()).isEqualTo("support");
    }

    @Test
    void aSilentHolderIsTakenOverAfterTheTtlAndItsLateReleaseDropsNothing() {
        Node a = elsewhere("node-a"), b = elsewhere("node-b");
        a.claims().claim(INBOX, PATH, "support");

        clock.advance(TTL.minusSeconds(1));
        b.members().heartbeat();
        assertThat(b.claims().claim(INBOX, PATH, "support")).isInstanceOf(FileClaims.HeldBy.class);
        clock.advance(Duration.ofSeconds(2));
        var taken = b.claims().claim(INBOX, PATH, "support");
        assertThat(taken).isInstanceOf(FileClaims.Claimed.class);
        var claimed = (FileClaims.Claimed) taken;
        assertThat(claimed.takenOverFrom().runId()).isEqualTo(a.runId());
        assertThat(claimed.why()).contains("heartbeat").contains(T0.toString());

        a.claims().release(INBOX, PATH);
        a.claims().flushReleases();
        assertThat(a.claims().claims()).extracting(FileClaims.Claim::runId).containsExactly(b.runId());
    }

    @Test
    void aHeartbeatKeepsTheClaimsOfALongUpload() {
        Node a = elsewhere("node-a"), b = elsewhere("node-b");
        a.claims().claim(INBOX, PATH, "support");
        for (int i = 0; i < 10; i++) {
            clock.advance(TTL.dividedBy(3));
            a.members().heartbeat();
            assertThat(b.claims().claim(INBOX, PATH, "support")).isInstanceOf(FileClaims.HeldBy.class);
        }
    }

    @Test
    void aHolderKilledOnThisHostIsTakenOverAtOnce() {
        Node killed = here("node-a", NO_SUCH_PID, T0.minusSeconds(60));
        killed.claims().claim(INBOX, PATH, "support");
        clock.advance(Duration.ofSeconds(1));

        var taken = here("node-a", HERE.pid(), HERE.started()).claims().claim(INBOX, PATH, "support");
        assertThat(taken).isInstanceOf(FileClaims.Claimed.class);
        assertThat(((FileClaims.Claimed) taken).why()).contains("pid " + NO_SUCH_PID).contains("no longer runs");
    }

    @Test
    void aGonePidInAnotherPidNamespaceIsJudgedByItsHeartbeat() {
        Node container = join(new LocalProcess("node-a", UUID.randomUUID().toString(), HERE.host(),
                "boot 00000000-0000-0000-0000-000000000000, pid:[1]", NO_SUCH_PID, null));
        container.claims().claim(INBOX, PATH, "support");

        Node here = here("node-b", HERE.pid(), HERE.started());
        assertThat(here.claims().claim(INBOX, PATH, "support")).isInstanceOf(FileClaims.HeldBy.class);
        clock.advance(TTL.plusSeconds(1));
        here.members().heartbeat();
        assertThat(here.claims().claim(INBOX, PATH, "support")).isInstanceOf(FileClaims.Claimed.class);
    }

    @Test
    void anInstanceThatHasNotJoinedClaimsNothing() {
        ClusterMembers members = new ClusterMembers(jdbc, clock, new LocalProcess("node-z",
                UUID.randomUUID().toString(), "host-z", null, 1, null), TTL);
        assertThat(new FileClaims(jdbc, members).claim(INBOX, PATH, "support"))
                .isInstanceOf(FileClaims.NotNow.class);
        assertThat(jdbc.queryForObject("select count(*) from fb_file_claim", Integer.class)).isZero();
    }

    @Test
    void leavingReleasesEveryClaimAndForgettingDropsWhatDeadInstancesLeft() {
        Node a = elsewhere("node-a"), b = elsewhere("node-b"), c = elsewhere("node-c");
        a.claims().claim(INBOX, "1.txt", "support");
        a.claims().claim(INBOX, "2.txt", "support");
        b.claims().claim(INBOX, "3.txt", "support");
        c.claims().claim(INBOX, "4.txt", "support");

        a.members().leave();
        assertThat(c.claims().claims()).extracting(FileClaims.Claim::relativePath)
                .containsExactlyInAnyOrder("3.txt", "4.txt");
        assertThat(c.members().members()).extracting(Member::instanceId)
                .containsExactlyInAnyOrder("node-b", "node-c");

        clock.advance(TTL.multipliedBy(5));
        c.members().heartbeat();
        assertThat(c.members().forgetDead(TTL.multipliedBy(10))).as("b is dead, but not long enough").isZero();
        clock.advance(TTL.multipliedBy(6));
        c.members().heartbeat();
        assertThat(c.members().forgetDead(TTL.multipliedBy(10))).isEqualTo(1);
        assertThat(c.members().members()).extracting(Member::instanceId).containsExactly("node-c");
        assertThat(c.claims().claims()).extracting(FileClaims.Claim::relativePath).containsExactly("4.txt");
    }

    @Test
    void theRowsADeadInstanceLeftInFlightAreInterruptedAndALiveOnesAreNot() {
        Node live = elsewhere("node-live"), sweeper = elsewhere("node-sweeper");
        elsewhere("node-dead");
        Ledger deadLedger = new Ledger(jdbc, clock, "node-dead");
        long deadRow = deadLedger.receive(LedgerContractTest.file("support", "a".repeat(64))).id();
        long liveRow = new Ledger(jdbc, clock, "node-live").receive(LedgerContractTest.file("support",
                "b".repeat(64))).id();
        long vanishedRow = new Ledger(jdbc, clock, "node-gone").receive(LedgerContractTest.file("support",
                "c".repeat(64))).id();

        clock.advance(TTL.plusSeconds(1));
        live.members().heartbeat();
        sweeper.members().heartbeat();
        // written just now by a process that joined as node-dead after the sweep read the members
        long freshRow = deadLedger.receive(LedgerContractTest.file("support", "d".repeat(64))).id();
        Ledger sweeperLedger = new Ledger(jdbc, clock, "node-sweeper");
        new StaleRows(sweeperLedger, sweeper.members()).ofDeadInstances();

        assertThat(sweeperLedger.find(deadRow).orElseThrow().state()).isEqualTo(FileState.INTERRUPTED);
        assertThat(sweeperLedger.find(vanishedRow).orElseThrow().state()).isEqualTo(FileState.INTERRUPTED);
        assertThat(sweeperLedger.find(liveRow).orElseThrow().state()).isEqualTo(FileState.RECEIVED);
        assertThat(sweeperLedger.find(freshRow).orElseThrow().state()).isEqualTo(FileState.RECEIVED);
    }

    @Test
    void ofManyInstancesAskingAtOnceExactlyOneGetsTheFile() throws Exception {
        int instances = 8;
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            nodes.add(elsewhere("node-" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        try {
            for (int round = 0; round < 6; round++) {
                String path = "file-" + round + ".txt";
                if (round % 2 == 1) {
                    // a dead holder's claim, which they all try to take over
                    elsewhere("crashed").claims().claim(INBOX, path, "support");
                    clock.advance(TTL.plusSeconds(1));
                    nodes.forEach(n -> n.members().heartbeat());
                }
                CountDownLatch start = new CountDownLatch(1);
                List<Future<FileClaims.Outcome>> results = new ArrayList<>();
                for (Node node : nodes) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return node.claims().claim(INBOX, path, "support");
                    }));
                }
                start.countDown();
                List<FileClaims.Outcome> answers = new ArrayList<>();
                for (Future<FileClaims.Outcome> result : results) {
                    answers.add(result.get(30, TimeUnit.SECONDS));
                }
                assertThat(answers).filteredOn(FileClaims.Claimed.class::isInstance).hasSize(1);
                assertThat(answers).filteredOn(FileClaims.HeldBy.class::isInstance).hasSize(instances - 1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
