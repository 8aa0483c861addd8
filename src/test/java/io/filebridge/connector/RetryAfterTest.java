package io.filebridge.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void readsSecondsAndHttpDates() {
        assertThat(RetryAfter.parse("2", clock)).contains(Duration.ofSeconds(2));
        assertThat(RetryAfter.parse(" 0 ", clock)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("Sun, 22 Nov 2026 10:01:00 GMT", clock)).contains(Duration.ofMinutes(1));
        assertThat(RetryAfter.parse("Sun, 22 Nov 2026 09:00:00 GMT", clock)).contains(Duration.ZERO);
    }

    @Test
    void readsTheObsoleteRfc850Form() {
        assertThat(RetryAfter.parse("Sunday, 22-Nov-26 10:01:00 GMT", clock)).contains(Duration.ofMinutes(1));
        // a two-digit year more than 50 years ahead is the past one: 94 is 1994, not 2094
        assertThat(RetryAfter.parse("Sunday, 06-Nov-94 08:49:37 GMT", clock)).contains(Duration.ZERO);
    }

    @Test
    void readsTheObsoleteAsctimeFormAsUtc() {
        assertThat(RetryAfter.parse("Sun Nov 22 10:00:30 2026", clock)).contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Sun Dec  6 10:00:00 2026", clock)).contains(Duration.ofDays(14));
        assertThat(RetryAfter.parse("Sun Nov  6 08:49:37 1994", clock)).contains(Duration.ZERO);
    }

    @Test
    void ignoresWhatItCannotRead() {
        assertThat(RetryAfter.parse(null, clock)).isEmpty();
        assertThat(RetryAfter.parse("soon", clock)).isEmpty();
        assertThat(RetryAfter.parse("-5", clock)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("Sun, 32 Nov 2026 10:00:00 GMT", clock)).isEmpty();
        assertThat(RetryAfter.parse("22-Nov-2026 10:00:00", clock)).isEmpty();
        assertThat(RetryAfter.parse("1.5", clock)).isEmpty();
    }
}
