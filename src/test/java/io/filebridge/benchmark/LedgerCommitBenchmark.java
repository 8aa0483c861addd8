package io.filebridge.benchmark;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.filebridge.ledger.Attempt;
import io.filebridge.ledger.Ledger;
import io.filebridge.ledger.NewFile;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What it costs that every ledger commit survives a killed process: the commits of one uploaded file (received
 * with its duplicate check, uploading, the successful attempt with the completion) on the embedded H2 with its default write delay (500 ms: the last commits are lost
 * on a kill), with the write delay filebridge sets (0: each commit is handed to the operating system before it
 * returns), and on PostgreSQL with fsync and synchronous commit (each commit on the disk). Same machine, same run,
 * several rounds; prints files/s and commits/s, asserts nothing. Not part of {@code ./mvnw verify}; run it with:
 *
 * <pre>./mvnw test -Dtest=LedgerCommitBenchmark -Dsurefire.excludedGroups=</pre>
 */
@Tag("benchmark")
class LedgerCommitBenchmark {

    private static final int FILES = Integer.getInteger("benchmark.files", 2000);
    private static final int THREADS = Integer.getInteger("benchmark.threads", 4);
    private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 3);
    private static final int COMMITS_PER_FILE = 3;

    @Test
    void commitsPerFileOnEachLedger() throws Exception {
        List<String> rows = new ArrayList<>();
        rows.add(measure("H2 file, WRITE_DELAY 500 (H2 default)", h2(500)));
        rows.add(measure("H2 file, WRITE_DELAY 0 (filebridge)", h2(0)));
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on").start()) {
            rows.add(measure("PostgreSQL 17, fsync + synchronous_commit", pool(postgres.getJdbcUrl("postgres",
                    "postgres"), "postgres")));
        }
        System.out.printf("%nLedger commits of one uploaded file (%d commits), %d files x %d rounds, %d threads, %d"
                + " cores%n", COMMITS_PER_FILE, FILES, ROUNDS, THREADS, Runtime.getRuntime().availableProcessors());
        System.out.printf("%-45s %14s %14s %14s%n", "ledger", "files/s min", "files/s median", "commits/s med");
        rows.forEach(System.out::println);
    }

    private static HikariDataSource h2(int writeDelay) {
        String url = "jdbc:h2:file:" + Path.of("target", "benchmark-ledger-" + UUID.randomUUID(), "ledger")
                .toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        HikariDataSource ds = pool(url, "sa");
        new JdbcTemplate(ds).execute("SET WRITE_DELAY " + writeDelay);
        return ds;
    }

    private static HikariDataSource pool(String url, String user) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setMaximumPoolSize(THREADS + 2);
        return new HikariDataSource(config);
    }

    private static String measure(String name, HikariDataSource ds) throws Exception {
        try (ds) {
            Flyway.configure().dataSource(ds).load().migrate();
            Ledger ledger = new Ledger(new JdbcTemplate(ds), Clock.systemUTC(), "bench");
            List<Double> rates = new ArrayList<>();
            AtomicLong seq = new AtomicLong();
            for (int round = 0; round < ROUNDS; round++) {
                ExecutorService pool = Executors.newFixedThreadPool(THREADS);
                long start = System.nanoTime();
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < FILES / THREADS; i++) {
                            long n = seq.incrementAndGet();
                            String sha = String.format("%064x", n);
                            long id = ledger.pickUp(new NewFile("bench", "acme", n + ".txt", "in/" + n + ".txt", 10,
                                    sha, "unix:1:" + n + ":0"), x -> true, true).id();
                            ledger.markUploading(id, "req-" + n);
                            ledger.markCompleted(id, "V-" + n, "{}", new Attempt(1, 201, null));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                pool.shutdown();
                rates.add(FILES / ((System.nanoTime() - start) / 1e9));
            }
            rates.sort(Double::compare);
            double median = rates.get(rates.size() / 2);
            return String.format("%-45s %14.0f %14.0f %14.0f", name, rates.get(0), median,
                    median * COMMITS_PER_FILE);
        }
    }
}
