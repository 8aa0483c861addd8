package io.filebridge.ops.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.filebridge.ledger.FileEntry;
import io.filebridge.ledger.Ledger;
import io.filebridge.ledger.NewFile;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** The API's own SQL (filters, paging, counts, pauses) on both databases the ledger must run on. */
class OpsQueriesDatabaseTest {

    private static EmbeddedPostgres postgres;
    private static HikariDataSource pg;
    private static HikariDataSource h2;

    @BeforeAll
    static void startDatabases() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        pg = pool(postgres.getJdbcUrl("postgres", "postgres"), "postgres");
        h2 = pool("jdbc:h2:mem:ops-queries;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa");
        for (DataSource ds : List.of(pg, h2)) {
            Flyway.configure().dataSource(ds).load().migrate();
        }
    }

    @AfterAll
    static void stopDatabases() throws IOException {
        new JdbcTemplate(h2).execute("shutdown");
        h2.close();
        pg.close();
        postgres.close();
    }

    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of("H2", h2), Arguments.of("PostgreSQL", pg));
    }

    private static HikariDataSource pool(String url, String user) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword("");
        config.setMaximumPoolSize(4);
        return new HikariDataSource(config);
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("databases")
    void filtersPagingAndCountsGiveTheSameAnswersOnBothDatabases(String name, DataSource ds) {
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        jdbc.update("delete from fb_event");
        jdbc.update("delete from fb_file");
        Ledger ledger = new Ledger(jdbc, Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC), "n1");
        FileEntry percent = ledger.receive(file("p1", "Zprávy/100% Übersicht_A.pdf", 'a'));
        FileEntry plain = ledger.receive(file("p1", "Zprávy/100x UEbersichtxA.pdf", 'b'));
        FileEntry other = ledger.receive(file("p2", "other.txt", 'c'));
        ledger.markFailed(plain.id(), 413, "too large");
        ledger.recordFailedCopy(plain.id(), "/in/.failed/x");
        JobQueries queries = new JobQueries(jdbc);

        // % and _ are literal, and case does not matter (Unicode included)
        JobPage literal = queries.search(filter(null, null, "100% übersicht_a", null, null, 0, 50));
        assertThat(literal.items()).extracting(JobView::id).containsExactly(percent.id());
        assertThat(queries.search(filter(null, null, "zprÁvy/", null, null, 0, 50)).total()).isEqualTo(2);

        JobPage failed = queries.search(filter("p1", "FAILED", null, null, null, 0, 50));
        assertThat(failed.items()).singleElement().satisfies(job -> {
            assertThat(job.id()).isEqualTo(plain.id());
            assertThat(job.lastHttpStatus()).isEqualTo(413);
            assertThat(job.retryable()).isTrue();
            assertThat(job.receivedAt()).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
        });

        JobPage page0 = queries.search(filter(null, null, null, null, null, 0, 2));
        JobPage page1 = queries.search(filter(null, null, null, null, null, 1, 2));
        assertThat(page0.total()).isEqualTo(3);
        assertThat(page0.items()).extracting(JobView::id).containsExactly(other.id(), plain.id());
        assertThat(page1.items()).extracting(JobView::id).containsExactly(percent.id());
        assertThat(queries.search(filter(null, null, null, "2026-11-22T10:00:00Z", "2026-11-22T10:00:01Z", 0, 50))
                .total()).isEqualTo(3);
        assertThat(queries.search(filter(null, null, null, "2026-11-22T10:00:01Z", null, 0, 50)).total()).isZero();
        assertThat(queries.timeline(plain.id())).extracting(JobDetail.Step::kind).containsExactly("RECEIVED",
                "FAILED");

        var counts = new JobCounts(jdbc).byPipeline();
        assertThat(counts.get("p1")).containsEntry("RECEIVED", 1L).containsEntry("FAILED", 1L)
                .containsEntry("COMPLETED", 0L).containsEntry("RETRYING", 0L);
        assertThat(counts.get("p2")).containsEntry("RECEIVED", 1L);

        PausedPipelines paused = new PausedPipelines(jdbc, Clock.systemUTC());
        paused.pause("p1", "test");
        paused.pause("p1", "test again");
        assertThat(paused.all()).containsExactly("p1");
        paused.resume("p1");
        assertThat(paused.isPaused("p1")).isFalse();
    }

    private static JobFilter filter(String pipeline, String state, String q, String from, String to, int page,
            int size) {
        return JobFilter.parse(pipeline, state, q, from, to, String.valueOf(page), String.valueOf(size));
    }

    private static NewFile file(String pipeline, String path, char sha) {
        return new NewFile(pipeline, "acme", path.substring(path.lastIndexOf('/') + 1), path, 10, String.valueOf(sha)
                .repeat(64));
    }
}
