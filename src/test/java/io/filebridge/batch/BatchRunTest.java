package io.filebridge.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.filebridge.batch.BatchRun.Outcome;
import org.junit.jupiter.api.Test;

/** A run is over, and reported exactly once, only when its poll has ended and every file it took has its outcome. */
class BatchRunTest {

    final List<BatchRun.Totals> reports = new ArrayList<>();
    final BatchRun run = new BatchRun(Instant.parse("2026-11-22T02:00:00Z"), totals -> {
        synchronized (reports) {
            reports.add(totals);
        }
    });

    @Test
    void anEmptyPollIsReportedWithZerosWhenItEnds() {
        run.pollEnded(null);

        assertThat(reports).containsExactly(new BatchRun.Totals(Instant.parse("2026-11-22T02:00:00Z"), 0, 0, 0, 0, 0,
                null));
    }

    @Test
    void filesStillUploadingAfterThePollKeepTheRunOpen() {
        run.took();
        run.took();
        run.took();
        run.ended(Outcome.UPLOADED);
        run.pollEnded(null);
        assertThat(reports).isEmpty();

        run.ended(Outcome.DUPLICATE);
        assertThat(reports).isEmpty();
        run.ended(Outcome.FAILED);

        assertThat(reports).singleElement().satisfies(t -> {
            assertThat(t.seen()).isEqualTo(3);
            assertThat(t.uploaded()).isEqualTo(1);
            assertThat(t.duplicates()).isEqualTo(1);
            assertThat(t.failed()).isEqualTo(1);
            assertThat(t.skipped()).isZero();
        });
    }

    @Test
    void filesThatEndBeforeThePollDoNotEndTheRun() {
        run.took();
        run.ended(Outcome.SKIPPED);
        assertThat(reports).isEmpty();

        run.pollEnded("java.io.IOException: bucket gone");

        assertThat(reports).singleElement().satisfies(t -> {
            assertThat(t.seen()).isEqualTo(1);
            assertThat(t.skipped()).isEqualTo(1);
            assertThat(t.pollError()).isEqualTo("java.io.IOException: bucket gone");
        });
    }

    @Test
    void outcomesFromManyThreadsAreCountedAndReportedOnce() throws Exception {
        int files = 200;
        for (int i = 0; i < files; i++) {
            run.took();
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        for (int i = 0; i < files; i++) {
            Outcome outcome = Outcome.values()[i % 4];
            pool.execute(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                run.ended(outcome);
            });
        }
        pool.execute(() -> {
            try {
                start.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            run.pollEnded(null);
        });
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        assertThat(reports).singleElement().satisfies(t -> {
            assertThat(t.seen()).isEqualTo(files);
            assertThat(t.uploaded()).isEqualTo(50);
            assertThat(t.duplicates()).isEqualTo(50);
            assertThat(t.failed()).isEqualTo(50);
            assertThat(t.skipped()).isEqualTo(50);
        });
    }
}
