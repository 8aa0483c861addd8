package io.filebridge.faults;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.filebridge.sandbox.emulator.RecordedRequest;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.sandbox.sendcloud.SendcloudUpload;
import io.filebridge.testsupport.FilebridgeProcess;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Three instances on one PostgreSQL ledger and one shared inbox (issue 14): three application processes with the same
 * data folder, as three replicas mounting one volume. Files flow in while
 * <ul>
 * <li>one instance is killed with SIGKILL at a random (seeded) moment and started again later: the others take over
 * the files it held, nothing is lost or stuck, and extra uploads are no more than its uploads in flight at the kill
 * (UPLOADING rows of that instance, counted while it is dead), each one flagged;</li>
 * <li>all three are restarted one after the other (SIGTERM, start, ready), as a rolling update does: nothing lost and
 * no file uploaded twice.</li>
 * </ul>
 * Judged like every fault run, against the vendor's own records, the folders and the ledger ({@link FaultJudge}); and
 * every instance must have taken a share of the files, and none may be left as a member or holding a claim after the
 * graceful stops. {@code -Dfaults.cluster-files} (200; 2,000 in {@code -Pfaults}).
 */
class ClusterFaultIT {

    private static final FaultSettings SETTINGS = FaultSettings.current();
    private static final List<String> INSTANCES = List.of("faults-a", "faults-b", "faults-c");
    /** Files arrive over about this long, so that the kill and the restarts happen while they flow. */
    private static final Duration FEED = Duration.ofSeconds(40);

    @AfterAll
    static void printSummary() {
        FaultSummary.print("three instances (seed " + SETTINGS.seed() + ")");
    }

    @Test
    void oneInstanceKilledWhileFilesFlowLosesNothing() throws Exception {
        long seed = SETTINGS.seed();
        Random random = new Random(seed);
        try (FaultRun run = FaultRun.create("cluster-kill", "postgresql", List.of("uploads"), SETTINGS, List.of());
                Feeder feeder = run.feeder(SETTINGS.clusterFiles(), seed);
                Cluster cluster = new Cluster(run)) {
            // every answer takes two seconds, so the kill finds uploads in flight at the victim (about ten at a time
            // across the three, at this pace)
            for (int i = 0; i < SETTINGS.clusterFiles(); i++) {
                run.vendors.sendcloud.delay(Duration.ofSeconds(2));
            }
            cluster.startAll();
            feeder.start(pace());
            Duration gap = Duration.ofMillis(2_000 + random.nextLong(8_000));
            await(gap);
            FilebridgeProcess victim = cluster.instances.get(1);
            victim.kill();
            int inFlight = uploadingOf(run, INSTANCES.get(1));
            System.out.printf("cluster: killed %s after %d ms of files flowing: %d files dropped, %d UPLOADING%n",
                    INSTANCES.get(1), gap.toMillis(), feeder.inputs().size(), inFlight);
            await(Duration.ofSeconds(5)); // the others take over its files meanwhile
            victim.start().awaitReady(FaultRun.READY_TIMEOUT);
            run.awaitSettled(feeder, SETTINGS.settleTimeout(), SETTINGS.quietTimeout());
            cluster.stopAll();

            List<Verdict> verdicts = run.judge(feeder.inputs(), Map.of(run.pipelines.get(0).routeId(), inFlight),
                    seed, cluster.runs(), 1).stream()
                    .map(v -> LedgerOutageFaultIT.renamed(v, "three instances, one killed: " + v.scenario())).toList();
            verdicts.forEach(FaultSummary::add);
            Verdicts.assertHold(verdicts, cluster.problems(1), seed, run);
        }
    }

    @Test
    void aRollingRestartOfAllThreeLosesNothingAndUploadsNothingTwice() throws Exception {
        long seed = SETTINGS.seed();
        try (FaultRun run = FaultRun.create("cluster-rolling", "postgresql", List.of("uploads"), SETTINGS, List.of());
                Feeder feeder = run.feeder(SETTINGS.clusterFiles(), seed);
                Cluster cluster = new Cluster(run)) {
            cluster.startAll();
            feeder.start(pace());
            await(Duration.ofSeconds(3));
            for (FilebridgeProcess instance : cluster.instances) {
                long stopping = System.nanoTime();
                instance.stop();
                System.out.printf("cluster: %s stopped in %d ms; %d files dropped so far%n", instance.log()
                        .getFileName(), Duration.ofNanos(System.nanoTime() - stopping).toMillis(),
                        feeder.inputs().size());
                instance.start().awaitReady(FaultRun.READY_TIMEOUT);
            }
            run.awaitSettled(feeder, SETTINGS.settleTimeout(), SETTINGS.quietTimeout());
            cluster.stopAll();

            List<Verdict> verdicts = run.judge(feeder.inputs(), Map.of(), seed, cluster.runs(), 0).stream()
                    .map(v -> LedgerOutageFaultIT.renamed(v, "three instances, rolling restart: " + v.scenario()))
                    .toList();
            verdicts.forEach(FaultSummary::add);
            Verdicts.assertHold(verdicts, cluster.problems(0), seed, run);
        }
    }

    /**
     * A vendor limit of 30 uploads per minute (Sendcloud's) with all three uploading: at the vendor, which answers 429
     * past it as Sendcloud does, never more than 30 in any 60 s. Takes minutes, so it runs in the long suite
     * ({@code -Pfaults}); {@code SendcloudClusterRateLimitTest} checks the same in seconds (5 per 2 s) in every build.
     */
    @Test
    @EnabledIfSystemProperty(named = "faults.cluster-rate-limit", matches = "true")
    void threeInstancesTogetherKeepAVendorLimitOf30PerMinute() throws Exception {
        long seed = SETTINGS.seed();
        int files = 75;
        try (FaultRun run = FaultRun.create("cluster-limit", "postgresql", List.of("uploads"), SETTINGS,
                List.of("--filebridge.vendors.sendcloud.requests-per-minute=30"));
                Feeder feeder = run.feeder(files, seed);
                Cluster cluster = new Cluster(run, List.of("--filebridge.vendors.sendcloud.requests-per-minute=30"))) {
            run.vendors.sendcloud.uploadsPerMinute(30);
            cluster.startAll();
            feeder.start(Duration.ofMillis(20));
            // bursts of 30, then a minute with no request: that is the limit at work, not a standstill
            run.awaitSettled(feeder, SETTINGS.settleTimeout(), Duration.ofSeconds(90));
            cluster.stopAll();

            List<String> problems = new ArrayList<>(cluster.problems(0));
            List<RecordedRequest> uploads = run.vendors.sendcloud.requests().stream()
                    .filter(r -> r.path().equals(SendcloudEmulator.UPLOAD_PATH)).toList();
            uploads.stream().filter(r -> r.status() == 429).findFirst().ifPresent(r -> problems.add(
                    "the vendor refused an upload for its limit (429) at " + r.arrivedAt()));
            List<Instant> arrivals = run.vendors.sendcloud.uploads().stream().map(SendcloudUpload::arrivedAt)
                    .sorted().toList();
            for (Instant from : arrivals) {
                long inWindow = arrivals.stream().filter(t -> !t.isBefore(from)
                        && t.isBefore(from.plus(Duration.ofMinutes(1)))).count();
                if (inWindow > 30) {
                    problems.add(inWindow + " uploads within the minute from " + from + " (limit 30)");
                    break;
                }
            }
            System.out.printf("cluster: %d uploads at 30 per minute took %d s at the vendor%n", arrivals.size(),
                    arrivals.isEmpty() ? 0 : Duration.between(arrivals.get(0), arrivals.get(arrivals.size() - 1))
                            .toSeconds());
            List<Verdict> verdicts = run.judge(feeder.inputs(), Map.of(), seed, cluster.runs(), 0).stream()
                    .map(v -> LedgerOutageFaultIT.renamed(v, "three instances, 30 per minute: " + v.scenario()))
                    .toList();
            verdicts.forEach(FaultSummary::add);
            Verdicts.assertHold(verdicts, problems, seed, run);
        }
    }

    /** The three processes: the run's own and two more on its data folder, each with its own config and logs. */
    private static final class Cluster implements AutoCloseable {
        final FaultRun run;
        final List<FilebridgeProcess> instances = new ArrayList<>();

        Cluster(FaultRun run) throws Exception {
            this(run, List.of());
        }

        /** @param arguments the settings the run's own process was given, for the other two */
        Cluster(FaultRun run, List<String> arguments) throws Exception {
            this.run = run;
            instances.add(run.app);
            for (String id : INSTANCES.subList(1, INSTANCES.size())) {
                instances.add(run.process(run.secondWorkDir(id), id, id, arguments));
            }
        }

        void startAll() {
            instances.forEach(FilebridgeProcess::start); // started together: the machine's cores share the start-up
            instances.forEach(i -> i.awaitReady(FaultRun.READY_TIMEOUT));
        }

        void stopAll() {
            instances.forEach(FilebridgeProcess::stop);
        }

        int runs() {
            return instances.stream().mapToInt(FilebridgeProcess::runs).sum();
        }

        /** What the ledger must show beyond the verdicts: every instance worked, and everything was released. */
        List<String> problems(int kills) throws Exception {
            List<String> problems = new ArrayList<>();
            Map<String, Long> byInstance = LedgerRows.read(run.database).stream()
                    .collect(Collectors.groupingBy(LedgerRows.Row::instanceId, TreeMap::new, Collectors.counting()));
            System.out.println("cluster: ledger rows by the instance that finished them " + byInstance);
            for (String id : INSTANCES) {
                if (!byInstance.containsKey(id)) {
                    problems.add("instance " + id + " took no file: " + byInstance);
                }
            }
            try (var connection = run.database.connect(); var statement = connection.createStatement()) {
                // a killed instance's row stays for the cluster view (dead, until it is forgotten), with any claim it
                // had not released; a graceful stop leaves nothing
                int members = count(statement, "select count(*) from fb_instance");
                if (members > kills) {
                    problems.add(members + " rows left in fb_instance after every instance stopped gracefully (" + kills
                            + " killed)");
                }
                int claims = count(statement, "select count(*) from fb_file_claim where run_id not in (select run_id"
                        + " from fb_instance)");
                if (claims != 0) {
                    problems.add(claims + " file claims left by instances that stopped gracefully");
                }
            }
            return problems;
        }

        private static int count(Statement statement, String query) throws SQLException {
            try (var rows = statement.executeQuery(query)) {
                rows.next();
                return rows.getInt(1);
            }
        }

        @Override
        public void close() {
            for (FilebridgeProcess instance : instances.subList(1, instances.size())) {
                instance.close();
            }
        }
    }

    private static int uploadingOf(FaultRun run, String instanceId) {
        return (int) LedgerRows.read(run.database).stream()
                .filter(row -> row.state().equals("UPLOADING") && instanceId.equals(row.instanceId())).count();
    }

    private static Duration pace() {
        return FEED.dividedBy(Math.max(1, SETTINGS.clusterFiles()));
    }

    /** A pause in the scenario's script (not a wait for a condition: the faults come at chosen moments). */
    private static void await(Duration pause) {
        Awaitility.await().pollDelay(pause).atMost(pause.plusSeconds(5)).until(() -> true);
    }
}
