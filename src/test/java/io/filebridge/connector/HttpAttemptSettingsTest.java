package io.filebridge.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The time limit of an attempt grows with the bytes it moves: a large file on a slow link is never cut, a vendor that
 * stops reading a small one is cut soon.
 */
class HttpAttemptSettingsTest {

    static final long GIB = 1024L * 1024 * 1024;

    @Test
    void byDefaultA2GiBUploadMayTakeAsLongAsItNeedsAt16KBPerSecondPlusTenMinutes() {
        HttpAttemptSettings defaults = bind(Map.of());

        Duration limit = defaults.timeLimitFor(2 * GIB);

        Duration at16KBps = Duration.ofSeconds(2 * GIB / (16 * 1024));
        assertThat(at16KBps).isEqualTo(Duration.ofHours(36).plusMinutes(24).plusSeconds(32));
        assertThat(limit).isEqualTo(Duration.ofMinutes(10).plus(at16KBps));
        // each of the four uploads a vendor allows by default, sharing a 1 Mbit/s uplink, stays well inside it
        Duration atQuarterMbit = Duration.ofSeconds(2 * GIB * 8 / (1_000_000 / 4));
        assertThat(atQuarterMbit.multipliedBy(3).dividedBy(2)).isLessThan(limit);
    }

    @Test
    void aVendorThatStopsReadingASmallUploadIsCutAfterTheSizeIndependentPartAndSeconds() {
        assertThat(bind(Map.of()).timeLimitFor(1024 * 1024)).isEqualTo(Duration.ofMinutes(11).plusSeconds(4));
        assertThat(bind(Map.of()).timeLimitFor(0)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void bothPartsAreSettingsAndAZeroAttemptTimeoutTurnsTheLimitOff() {
        HttpAttemptSettings custom = bind(Map.of("attempt-timeout", "2m", "min-throughput", "1MB"));

        assertThat(custom.timeLimitFor(10 * 1024 * 1024)).isEqualTo(Duration.ofSeconds(130));
        assertThat(custom.allowanceFor(512 * 1024)).isEqualTo(Duration.ofMillis(500));
        assertThat(bind(Map.of("attempt-timeout", "0")).timeLimitFor(GIB)).isNull();
    }

    private static HttpAttemptSettings bind(Map<String, String> settings) {
        var source = new MapConfigurationPropertySource();
        settings.forEach((name, value) -> source.put("filebridge.http." + name, value));
        return new Binder(source).bindOrCreate("filebridge.http", Bindable.of(HttpAttemptSettings.class));
    }
}
