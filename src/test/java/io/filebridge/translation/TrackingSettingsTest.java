package io.filebridge.translation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class TrackingSettingsTest {

    @Test
    void anAgeingJobIsLookedAtLessOftenUpToTenTimesThePollInterval() {
        TrackingSettings settings = new TrackingSettings();
        settings.setPollInterval(Duration.ofSeconds(30));

        assertThat(settings.nextPollAfter(Duration.ZERO)).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.nextPollAfter(Duration.ofMinutes(59))).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.nextPollAfter(Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.nextPollAfter(Duration.ofHours(4).plusMinutes(30))).isEqualTo(Duration.ofSeconds(150));
        assertThat(settings.nextPollAfter(Duration.ofHours(9))).isEqualTo(Duration.ofMinutes(5));
        // bounded: a day-old job (or one with a clock gone wrong) is still looked at every ten intervals
        assertThat(settings.nextPollAfter(Duration.ofHours(10))).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.nextPollAfter(Duration.ofDays(3))).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.nextPollAfter(Duration.ofHours(-2))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theBackoffFollowsTheConfiguredInterval() {
        TrackingSettings settings = new TrackingSettings();
        settings.setPollInterval(Duration.ofSeconds(1));

        assertThat(settings.nextPollAfter(Duration.ofHours(2))).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.nextPollAfter(Duration.ofHours(20))).isEqualTo(Duration.ofSeconds(10));
    }
}
