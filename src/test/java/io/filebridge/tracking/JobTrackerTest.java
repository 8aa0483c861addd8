package io.filebridge.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class JobTrackerTest {

    @Test
    void theAgeLimitReadsAsConfiguredNotRoundedToHours() {
        assertThat(JobTracker.readable(Duration.ofHours(20))).isEqualTo("20 h");
        assertThat(JobTracker.readable(Duration.ofSeconds(6))).isEqualTo("6 s");
        assertThat(JobTracker.readable(Duration.ofMinutes(90))).isEqualTo("1 h 30 min");
        assertThat(JobTracker.readable(Duration.ofMillis(1500))).isEqualTo("1 s 500 ms");
        assertThat(JobTracker.readable(Duration.ofDays(2))).isEqualTo("48 h");
    }
}
