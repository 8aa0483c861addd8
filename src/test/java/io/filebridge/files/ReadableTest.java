package io.filebridge.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ReadableTest {

    @Test
    void durationsReadAsConfiguredNotRoundedToHours() {
        assertThat(Readable.duration(Duration.ofHours(20))).isEqualTo("20 h");
        assertThat(Readable.duration(Duration.ofSeconds(6))).isEqualTo("6 s");
        assertThat(Readable.duration(Duration.ofMinutes(90))).isEqualTo("1 h 30 min");
        assertThat(Readable.duration(Duration.ofMillis(1500))).isEqualTo("1 s 500 ms");
        assertThat(Readable.duration(Duration.ofDays(2))).isEqualTo("48 h");
        assertThat(Readable.duration(Duration.ofSeconds(632, 400_000_000))).as("ms only below 10 s")
                .isEqualTo("10 min 32 s");
    }

    @Test
    void sizesReadWithTheUnitsOfSpringSettings() {
        assertThat(Readable.bytes(1)).isEqualTo("1 byte");
        assertThat(Readable.bytes(812)).isEqualTo("812 bytes");
        assertThat(Readable.bytes(24L * 1024 * 1024)).isEqualTo("24.0 MB");
    }
}
