package io.filebridge.sandbox.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmulatorServerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void countsTheBusiestSlidingWindowNotFixedBuckets() {
        // 3 requests late in one minute and 3 early in the next: no calendar minute has more than 3, one window has 6
        List<Instant> arrivals = List.of(at(50), at(55), at(59), at(61), at(65), at(70), at(200));

        assertThat(EmulatorServer.maxInAnyWindow(arrivals, Duration.ofMinutes(1))).isEqualTo(6);
        assertThat(EmulatorServer.maxInAnyWindow(arrivals, Duration.ofSeconds(5))).isEqualTo(2);
        assertThat(EmulatorServer.maxInAnyWindow(List.of(), Duration.ofMinutes(1))).isZero();
    }

    @Test
    void aWindowIsHalfOpen() {
        assertThat(EmulatorServer.maxInAnyWindow(List.of(at(0), at(60)), Duration.ofMinutes(1))).isEqualTo(1);
        assertThat(EmulatorServer.maxInAnyWindow(List.of(at(60), at(0), at(59)), Duration.ofMinutes(1))).isEqualTo(2);
    }

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }
}
