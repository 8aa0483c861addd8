package io.filebridge.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** How long a retry waits: Retry-After exactly, else backoff, and a rate-limited 429 until its window rolls over. */
class RetryPolicyTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
    private final VendorCallerTest.TestSettings settings = new VendorCallerTest.TestSettings();
    private final RetryPolicy policy = new RetryPolicy(settings, clock);

    @Test
    void a429WithoutRetryAfterWaitsBetweenHalfAndAllOfTheRateLimitWindow() {
        settings.setRequestsPerMinute(30); // defaults: window 1 min, initial backoff 1 s, max backoff 60 s

        for (int nextAttempt = 2; nextAttempt <= 5; nextAttempt++) {
            for (int i = 0; i < 50; i++) {
                assertThat(policy.delayBefore(nextAttempt, 429, Optional.empty()))
                        .isBetween(Duration.ofSeconds(30), Duration.ofSeconds(60));
            }
        }
    }

    @Test
    void theWaitsOfA429WithoutRetryAfterAreJittered() {
        settings.setRequestsPerMinute(30);

        long distinct = IntStream.range(0, 20).mapToObj(i -> policy.delayBefore(2, 429, Optional.empty()))
                .distinct().count();

        assertThat(distinct).as("uploads refused together must not come back together").isGreaterThan(1);
    }

    @Test
    void maxBackoffCapsTheWaitForTheWindow() {
        settings.setRequestsPerMinute(30);
        settings.setMaxBackoff(Duration.ofSeconds(20));

        assertThat(policy.delayBefore(2, 429, Optional.empty())).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void aLaterBackoffLongerThanTheWindowShareIsKept() {
        settings.setRequestsPerMinute(4);
        settings.setRateLimitWindow(Duration.ofSeconds(2));
        settings.setInitialBackoff(Duration.ofSeconds(8));

        assertThat(policy.delayBefore(3, 429, Optional.empty())).isBetween(Duration.ofSeconds(8),
                Duration.ofSeconds(16));
    }

    @Test
    void a429WithRetryAfterWaitsExactlyThatLong() {
        settings.setRequestsPerMinute(30);

        assertThat(policy.delayBefore(2, 429, Optional.of("2"))).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delayBefore(2, 429, Optional.of("Sun, 22 Nov 2026 10:00:05 GMT")))
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void anUnreadableRetryAfterFallsBackToTheOwnWait() {
        settings.setRequestsPerMinute(30);

        assertThat(policy.delayBefore(2, 429, Optional.of("in a little while")))
                .isBetween(Duration.ofSeconds(30), Duration.ofSeconds(60));
        assertThat(policy.delayBefore(2, 503, Optional.of("in a little while")))
                .isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
    }

    @Test
    void otherRetryableFailuresBackOffExponentially() {
        settings.setRequestsPerMinute(30);

        assertThat(policy.delayBefore(2, 503, Optional.empty())).isBetween(Duration.ofMillis(500),
                Duration.ofMillis(1000));
        assertThat(policy.delayBefore(3, null, Optional.empty())).isBetween(Duration.ofMillis(1000),
                Duration.ofMillis(2000));
    }

    @Test
    void a429OfAVendorWithoutAClientSideLimitBacksOffExponentially() {
        settings.setRequestsPerMinute(0); // no known window: nothing to wait out

        assertThat(policy.delayBefore(2, 429, Optional.empty())).isBetween(Duration.ofMillis(500),
                Duration.ofMillis(1000));
    }

    @Test
    void retriesOnlyAnswersARepeatCanChange() {
        assertThat(IntStream.of(408, 425, 429, 500, 502, 503, 504).allMatch(RetryPolicy::isRetryable)).isTrue();
        assertThat(IntStream.of(400, 401, 403, 404, 405, 409, 410, 413, 415, 422).noneMatch(RetryPolicy::isRetryable))
                .isTrue();
    }
}
