package io.filebridge.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class SlidingWindowRateLimiterTest {

    @Test
    void neverGrantsMoreThanThePermitsInAnyWindow() throws Exception {
        Duration window = Duration.ofMillis(400);
        var limiter = new SlidingWindowRateLimiter(5, window);
        List<Long> grants = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 16; i++) {
            pool.submit(() -> {
                limiter.acquire();
                grants.add(System.nanoTime());
                return null;
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        List<Long> sorted = new ArrayList<>(grants);
        Collections.sort(sorted);
        assertThat(sorted).hasSize(16);
        for (int i = 5; i < sorted.size(); i++) {
            // the 6th grant after any grant comes at least one window later
            assertThat(sorted.get(i) - sorted.get(i - 5)).isGreaterThanOrEqualTo(window.toNanos());
        }
    }

    @Test
    void grantsAtOnceWhileUnderTheLimit() throws Exception {
        var limiter = new SlidingWindowRateLimiter(3, Duration.ofMinutes(1));
        // exactly zero: a caller reports a wait to metrics and the ledger only when there was one
        assertThat(limiter.acquire().waited()).isZero();
        assertThat(limiter.acquire().waited()).isZero();
        assertThat(limiter.acquire().waited()).isZero();
    }
}
