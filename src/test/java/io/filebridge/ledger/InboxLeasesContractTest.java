package io.filebridge.ledger;

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

import io.filebridge.intake.hotfolder.InboxLeaseHolder;
import io.filebridge.intake.hotfolder.InboxLeases;
import io.filebridge.intake.hotfolder.LocalProcess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** What the inbox leases promise, on each database (subclasses supply a migrated DataSource). */
abstract class InboxLeasesContractTest {

    static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    static final Duration TTL = Duration.ofSeconds(30);
    static final String INBOX = "marker:" + UUID.randomUUID();
    static final String PATH = "/srv/inbox/Übersicht 😀";
    /** Never a process id: Linux pids stop at 4194304, and other systems are lower still. */
    static final long NO_SUCH_PID = 99_999_999L;

    /** This JVM: its host, pid namespace, pid and start, as a restarted or parallel run would see them. */
    static final LocalProcess HERE = LocalProcess.current("node-a");

    MutableClock clock;
    JdbcTemplate jdbc;

    protected abstract DataSource dataSource();

    @BeforeEach
    void setUp() {
        jdbc = new JdbcTemplate(dataSource());
        jdbc.update("delete from fb_inbox_lease");
        clock = new MutableClock(T0);
    }

    /** A process on a host of its own. */
    InboxLeases elsewhere(String instanceId) {
        return leases(new LocalProcess(instanceId, UUID.randomUUID().toString(), "host-" + UUID.randomUUID(), null,
                4242, T0.minusSeconds(3600)));
    }

    /** Another run on this host (a restart, or a second process), with the given pid and start. */
    InboxLeases here(String instanceId, long pid, Instant started) {
        return leases(new LocalProcess(instanceId, UUID.randomUUID().toString(), HERE.host(), HERE.pidScope(), pid,
                started));
    }

    InboxLeases leases(LocalProcess process) {
        return new InboxLeases(jdbc, clock, process, TTL);
    }

    @Test
    void aFreeLeaseIsTakenRenewedAndReleased() {
        InboxLeases a = elsewhere("node-a");

        assertThat(a.acquire(INBOX, "support", PATH)).isEqualTo(new InboxLeases.Acquired(null, null));
        InboxLeaseHolder holder = a.find(INBOX).orElseThrow();
        assertThat(holder.instanceId()).isEqualTo("node-a");
        assertThat(holder.runId()).isEqualTo(a.process().runId());
        assertThat(holder.host()).isEqualTo(a.process().host());
        assertThat(holder.pid()).isEqualTo(4242);
        assertThat(holder.started()).isEqualTo(T0.minusSeconds(3600));
        assertThat(holder.pipeline()).isEqualTo("support");
        assertThat(holder.inboxPath()).isEqualTo(PATH);
        assertThat(holder.acquiredAt()).isEqualTo(T0);
        assertThat(holder.heartbeatAt()).isEqualTo(T0);

        clock.advance(Duration.ofSeconds(10));
        assertThat(a.renew(INBOX, "support")).isTrue();
        assertThat(a.find(INBOX).orElseThrow().heartbeatAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(a.find(INBOX).orElseThrow().acquiredAt()).isEqualTo(T0);
        assertThat(a.acquire(INBOX, "support", PATH)).as("the holder asking again")
                .isInstanceOf(InboxLeases.Acquired.class);

        a.release(INBOX, "support");
        assertThat(a.find(INBOX)).isEmpty();
        assertThat(a.renew(INBOX, "support")).as("a released lease is not renewed back").isFalse();
        assertThat(elsewhere("node-b").acquire(INBOX, "support", PATH)).isInstanceOf(InboxLeases.Acquired.class);
    }

    @Test
    void aLiveHolderIsRefusedWhateverItsInstanceId() {
        InboxLeases a = elsewhere("node-a");
        a.acquire(INBOX, "support", PATH);

        clock.advance(TTL.minusSeconds(1));
        for (InboxLeases other : List.of(elsewhere("node-b"), elsewhere("node-a"),
                here("node-a", NO_SUCH_PID, null))) {
            var refused = other.acquire(INBOX, "support", "/mnt/elsewhere");
            assertThat(refused).isInstanceOf(InboxLeases.Refused.class);
            assertThat(((InboxLeases.Refused) refused).holder().runId()).isEqualTo(a.process().runId());
        }
        assertThat(a.find(INBOX).orElseThrow().inboxPath()).isEqualTo(PATH);
    }

    @Test
    void aLiveProcessOnThisHostWithTheSameInstanceIdIsNotUs() {
        InboxLeases running = here("node-a", HERE.pid(), HERE.started());
        running.acquire(INBOX, "support", PATH);

        InboxLeases second = here("node-a", HERE.pid(), HERE.started());
        assertThat(second.acquire(INBOX, "support", PATH)).isInstanceOf(InboxLeases.Refused.class);
    }

    @Test
    void aSecondPipelineOfTheSameProcessIsRefused() {
        InboxLeases a = elsewhere("node-a");
        a.acquire(INBOX, "support", PATH);

        var refused = a.acquire(INBOX, "support-copy", PATH);
        assertThat(refused).isInstanceOf(InboxLeases.Refused.class);
        assertThat(((InboxLeases.Refused) refused).holder().pipeline()).isEqualTo("support");
        assertThat(a.renew(INBOX, "support-copy")).isFalse();
        a.release(INBOX, "support-copy");
        assertThat(a.find(INBOX)).isPresent();
    }

    @Test
    void anExpiredHolderIsTakenOverAndCanNeitherRenewNorReleaseIt() {
        InboxLeases a = elsewhere("node-a"), b = elsewhere("node-b");
        a.acquire(INBOX, "support", PATH);
        clock.advance(TTL.plusSeconds(1));

        var taken = b.acquire(INBOX, "support", "/mnt/share/inbox");
        assertThat(taken).isInstanceOf(InboxLeases.Acquired.class);
        var acquired = (InboxLeases.Acquired) taken;
        assertThat(acquired.previous().runId()).isEqualTo(a.process().runId());
        assertThat(acquired.why()).contains("heartbeat").contains(T0.toString());
        InboxLeaseHolder now = b.find(INBOX).orElseThrow();
        assertThat(now.instanceId()).isEqualTo("node-b");
        assertThat(now.inboxPath()).isEqualTo("/mnt/share/inbox");
        assertThat(now.acquiredAt()).isEqualTo(T0.plus(TTL).plusSeconds(1));

        assertThat(a.renew(INBOX, "support")).as("the late holder learns it lost the lease").isFalse();
        a.release(INBOX, "support");
        assertThat(b.find(INBOX).orElseThrow().runId()).isEqualTo(b.process().runId());
    }

    @Test
    void aRestartAfterKillTakesTheLeaseAtOnce() {
        // what kill -9 leaves: this host, a process that is gone, a heartbeat written a moment ago
        InboxLeases killed = here("node-a", NO_SUCH_PID, T0.minusSeconds(60));
        killed.acquire(INBOX, "support", PATH);
        clock.advance(Duration.ofSeconds(1));

        var restarted = here("node-a", HERE.pid(), HERE.started()).acquire(INBOX, "support", PATH);
        assertThat(restarted).isInstanceOf(InboxLeases.Acquired.class);
        assertThat(((InboxLeases.Acquired) restarted).why()).contains("pid " + NO_SUCH_PID)
                .contains("no longer runs");
    }

    @Test
    void aRecycledPidDoesNotKeepADeadHolderAlive() {
        // the holder's pid is in use again (here: by this JVM), but by a process that started later
        InboxLeases dead = here("node-a", HERE.pid(), HERE.started().minus(Duration.ofHours(5)));
        dead.acquire(INBOX, "support", PATH);

        var taken = elsewhere("node-b").acquire(INBOX, "support", PATH);
        assertThat(taken).as("another host cannot look at the pid: the heartbeat is fresh")
                .isInstanceOf(InboxLeases.Refused.class);
        var restarted = here("node-a", HERE.pid(), HERE.started()).acquire(INBOX, "support", PATH);
        assertThat(restarted).isInstanceOf(InboxLeases.Acquired.class);
        assertThat(((InboxLeases.Acquired) restarted).why()).contains("now belongs to a process started");
    }

    @Test
    void aGonePidInAnotherPidNamespaceIsJudgedByItsHeartbeat() {
        // a container with the same host name: its pids mean nothing here
        InboxLeases container = leases(new LocalProcess("node-a", UUID.randomUUID().toString(), HERE.host(),
                "boot 00000000-0000-0000-0000-000000000000, pid:[1]", NO_SUCH_PID, null));
        container.acquire(INBOX, "support", PATH);

        assertThat(here("node-a", HERE.pid(), HERE.started()).acquire(INBOX, "support", PATH))
                .isInstanceOf(InboxLeases.Refused.class);
        clock.advance(TTL.plusSeconds(1));
        assertThat(here("node-a", HERE.pid(), HERE.started()).acquire(INBOX, "support", PATH))
                .isInstanceOf(InboxLeases.Acquired.class);
    }

    @Test
    void ofManyProcessesAskingAtOnceExactlyOneGetsTheLease() throws Exception {
        int processes = 8;
        List<InboxLeases> nodes = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            nodes.add(elsewhere("node-" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(processes);
        try {
            for (int round = 0; round < 4; round++) {
                String inbox = "marker:" + UUID.randomUUID();
                if (round % 2 == 1) {
                    // a dead holder's row, which they all try to take over
                    elsewhere("crashed").acquire(inbox, "support", PATH);
                    clock.advance(TTL.plusSeconds(1));
                }
                CountDownLatch start = new CountDownLatch(1);
                List<Future<InboxLeases.Acquisition>> results = new ArrayList<>();
                for (InboxLeases node : nodes) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return node.acquire(inbox, "support", PATH);
                    }));
                }
                start.countDown();
                List<InboxLeases.Acquisition> answers = new ArrayList<>();
                for (Future<InboxLeases.Acquisition> result : results) {
                    answers.add(result.get(30, TimeUnit.SECONDS));
                }
                assertThat(answers).filteredOn(InboxLeases.Acquired.class::isInstance).hasSize(1);
                assertThat(answers).filteredOn(InboxLeases.Refused.class::isInstance).hasSize(processes - 1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
