package io.filebridge.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;

import io.filebridge.connector.RateLimiter;
import io.filebridge.connector.LedgerRateLimits;
import io.filebridge.connector.SharedRateLimits;
import io.filebridge.connector.Sleeper;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A vendor limit shared through the ledger holds for several instances together: three instances' limiters, three
 * threads each, never grant more than the limit within any window. Subclasses supply a migrated DataSource.
 */
abstract class RatePermitsContractTest {

    private static final int LIMIT = 8;
    private static final Duration WINDOW = Duration.ofMillis(500);

    protected abstract DataSource dataSource();

    @Test
    void threeInstancesTogetherStayWithinTheLimitInEveryWindow() throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource());
        String credential = "sendcloud:" + UUID.randomUUID();
        List<RateLimiter> instances = List.of(
                shared(new RatePermits(jdbc, "node-a", Clock.systemUTC())).limiter(credential, LIMIT, WINDOW, Sleeper.REAL),
                shared(new RatePermits(jdbc, "node-b", Clock.systemUTC())).limiter(credential, LIMIT, WINDOW, Sleeper.REAL),
                shared(new RatePermits(jdbc, "node-c", Clock.systemUTC())).limiter(credential, LIMIT, WINDOW, Sleeper.REAL));
        List<Long> grants = Collections.synchronizedList(new ArrayList<>());
        ExecutorService threads = Executors.newFixedThreadPool(9);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 9; t++) {
                RateLimiter limiter = instances.get(t % 3);
                running.add(threads.submit(() -> {
                    for (int i = 0; i < 4; i++) {
                        limiter.acquire();
                        grants.add(System.nanoTime());
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(grants).hasSize(36);
        List<Long> sorted = new ArrayList<>(grants);
        Collections.sort(sorted);
        for (int i = 0; i < sorted.size(); i++) {
            long from = sorted.get(i);
            long inWindow = sorted.stream().filter(t -> t >= from && t < from + WINDOW.toNanos()).count();
            assertThat(inWindow).as("grants within %s from grant %d", WINDOW, i).isLessThanOrEqualTo(LIMIT);
        }
        // 36 grants at 8 per (padded) window take at least four windows: the limit was reached and waited out
        assertThat(sorted.get(sorted.size() - 1) - sorted.get(0)).isGreaterThan(WINDOW.multipliedBy(4).toNanos());
        assertThat(jdbc.queryForObject("select count(distinct instance_id) from fb_rate_permit where credential = ?",
                Integer.class, credential)).isPositive();
    }

    /** As VendorCaller uses the ledger's permits. */
    private static SharedRateLimits shared(RatePermits permits) {
        return new LedgerRateLimits(permits);
    }

    @Test
    void aPermitWhoseRequestWasAnsweredLateCountsFromTheAnswer() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
        RatePermits permits = new RatePermits(new JdbcTemplate(dataSource()), "node-a", clock);
        String credential = "sendcloud:" + UUID.randomUUID();
        Duration window = Duration.ofSeconds(10);

        RatePermits.Take first = permits.tryTake(credential, 1, window);
        assertThat(first.taken()).isTrue();
        clock.advance(Duration.ofSeconds(4));
        permits.restamp(credential, first.takenAt(), clock.instant()); // the answer came 4 s after the permit
        clock.advance(Duration.ofSeconds(7));
        RatePermits.Take second = permits.tryTake(credential, 1, window);
        assertThat(second.taken()).as("11 s after the permit, but 7 s after its request reached the vendor").isFalse();
        assertThat(second.retryIn()).isEqualTo(Duration.ofSeconds(3));
        clock.advance(Duration.ofSeconds(3));
        assertThat(permits.tryTake(credential, 1, window).taken()).isTrue();
    }

    @Test
    void aFullWindowSaysHowLongUntilItsOldestPermitLeaves() {
        RatePermits permits = new RatePermits(new JdbcTemplate(dataSource()), "node-a", Clock.systemUTC());
        String credential = "serial:" + UUID.randomUUID();
        Duration window = Duration.ofSeconds(30);

        assertThat(permits.tryTake(credential, 2, window).taken()).isTrue();
        assertThat(permits.tryTake(credential, 2, window).taken()).isTrue();
        RatePermits.Take full = permits.tryTake(credential, 2, window);
        assertThat(full.taken()).isFalse();
        assertThat(full.retryIn()).isPositive().isLessThanOrEqualTo(window);
        assertThat(permits.tryTake("other:" + credential, 2, window).taken()).as("another credential").isTrue();
    }
}
