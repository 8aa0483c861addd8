package io.filebridge.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the batch ledger promises, on each database it must work on (subclasses supply a migrated DataSource): runs
 * are stored as given (microsecond times, Unicode names, long errors cut to size) and read back newest first per
 * pipeline; a row whose counts do not add up is refused by the database itself.
 */
abstract class BatchLedgerContractTest {

    static final Instant T0 = Instant.parse("2026-11-22T02:00:00.123456Z");

    JdbcTemplate jdbc;
    BatchLedger batches;

    protected abstract DataSource dataSource();

    @BeforeEach
    void setUp() {
        jdbc = new JdbcTemplate(dataSource());
        jdbc.update("delete from fb_batch");
        batches = new BatchLedger(jdbc);
    }

    static BatchSummary run(String pipeline, Instant started, int uploaded, int duplicates, int failed, int skipped,
            String error) {
        return new BatchSummary(null, pipeline, "node-a", started, started.plus(Duration.ofMillis(1234)),
                uploaded + duplicates + failed + skipped, uploaded, duplicates, failed, skipped, error);
    }

    @Test
    void aRunIsStoredAsGivenAndReadBack() {
        BatchSummary stored = batches.record(run("nächtliche Exporte – 日本", T0, 7, 2, 1, 0, null));

        assertThat(stored.id()).isNotNull();
        assertThat(batches.recent("nächtliche Exporte – 日本", 10)).containsExactly(stored);
        BatchSummary back = batches.recent("nächtliche Exporte – 日本", 10).get(0);
        assertThat(back.startedAt()).isEqualTo(T0);
        assertThat(back.finishedAt()).isEqualTo(T0.plusMillis(1234));
        assertThat(back.seen()).isEqualTo(10);
        assertThat(back.instanceId()).isEqualTo("node-a");
        assertThat(back.pollError()).isNull();
    }

    @Test
    void anEmptyRunIsStoredWithZeros() {
        BatchSummary stored = batches.record(run("nightly", T0, 0, 0, 0, 0, null));

        assertThat(batches.recent("nightly", 10)).singleElement().satisfies(b -> {
            assertThat(b.id()).isEqualTo(stored.id());
            assertThat(b.seen() + b.uploaded() + b.duplicates() + b.failed() + b.skipped()).isZero();
        });
    }

    @Test
    void runsComeBackNewestFirstPerPipelineAndUpToTheLimit() {
        for (int i = 0; i < 5; i++) {
            batches.record(run("nightly", T0.plus(Duration.ofDays(i)), i, 0, 0, 0, null));
        }
        batches.record(run("other", T0.plus(Duration.ofDays(9)), 1, 0, 0, 0, null));

        assertThat(batches.recent("nightly", 3)).extracting(BatchSummary::uploaded).containsExactly(4, 3, 2);
        assertThat(batches.recent("other", 10)).hasSize(1);
        assertThat(batches.recent("nobody", 10)).isEmpty();
    }

    @Test
    void aLongPollErrorIsCutToItsColumnNotRefused() {
        String error = "bucket unreachable: " + "x".repeat(10_000);

        BatchSummary stored = batches.record(run("nightly", T0, 1, 0, 0, 0, error));

        String back = batches.recent("nightly", 1).get(0).pollError();
        assertThat(stored.id()).isNotNull();
        assertThat(back).startsWith("bucket unreachable: xxx").hasSizeLessThanOrEqualTo(4000);
    }

    @Test
    void countsThatDoNotAddUpAreRefused() {
        assertThatThrownBy(() -> new BatchSummary(null, "nightly", "node-a", T0, T0, 3, 1, 1, 0, 0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seen (3)");
        // and by the table itself, for anything writing to it without this class
        assertThatThrownBy(() -> jdbc.update("insert into fb_batch (pipeline, instance_id, started_at, finished_at,"
                + " files_seen, uploaded, duplicates, failed, skipped) values ('nightly', 'node-a',"
                + " current_timestamp, current_timestamp, 3, 1, 1, 0, 0)"))
                .isInstanceOf(DataIntegrityViolationException.class);
    }
}
