package io.filebridge.sandbox.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PerKeyRateLimitTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:50Z"));
    private final PerKeyRateLimit limiter = new PerKeyRateLimit(3, Duration.ofMinutes(1), clock);

    @Test
    void aBurstAcrossACalendarMinuteIsStillLimited() {
        assertThat(limiter.tryAcquire("key")).isTrue();
        assertThat(limiter.tryAcquire("key")).isTrue();
        clock.advance(Duration.ofSeconds(15)); // 00:01:05, a new calendar minute
        assertThat(limiter.tryAcquire("key")).isTrue();
        assertThat(limiter.tryAcquire("key")).isFalse();
        clock.advance(Duration.ofSeconds(45)); // 00:01:50: the two requests of 00:00:50 are exactly a minute old
        assertThat(limiter.tryAcquire("key")).isTrue();
        assertThat(limiter.tryAcquire("key")).isTrue();
        assertThat(limiter.tryAcquire("key")).isFalse();
    }

    @Test
    void rejectedRequestsDoNotCountAndKeysAreSeparate() {
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("a");
        }
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryAcquire("a")).isFalse();
        }
        assertThat(limiter.tryAcquire("b")).isTrue();
        clock.advance(Duration.ofMinutes(1));
        assertThat(limiter.tryAcquire("a")).isTrue();
    }

    private static final class MutableClock extends Clock {

        private Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
