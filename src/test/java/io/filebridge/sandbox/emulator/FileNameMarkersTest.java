package io.filebridge.sandbox.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.filebridge.sandbox.emulator.FileNameMarkers.InjectedFault;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FileNameMarkersTest {

    private final FileNameMarkers faults = new FileNameMarkers();

    @Test
    void failMarkersAlwaysFail() {
        assertThat(faults.faultFor("a[fail-413].pdf")).hasValue(new InjectedFault(413, Optional.empty()));
        assertThat(faults.faultFor("a[fail-413].pdf")).hasValue(new InjectedFault(413, Optional.empty()));
        assertThat(faults.faultFor("[Fail-500]")).map(InjectedFault::status).hasValue(500);
    }

    @Test
    void oneShotMarkersFailOncePerName() {
        assertThat(faults.faultFor("a[rate-429].csv"))
                .hasValue(new InjectedFault(429, Optional.of(Duration.ofSeconds(2))));
        assertThat(faults.faultFor("a[rate-429].csv")).isEmpty();
        assertThat(faults.faultFor("b[rate-429].csv")).isPresent();
        assertThat(faults.faultFor("c[flaky-503].png")).map(InjectedFault::status).hasValue(503);
        assertThat(faults.faultFor("c[flaky-503].png")).isEmpty();
        faults.reset();
        assertThat(faults.faultFor("c[flaky-503].png")).isPresent();
    }

    @Test
    void namesWithoutAKnownMarkerPass() {
        assertThat(faults.faultFor("report.pdf")).isEmpty();
        assertThat(faults.faultFor("report[fail-404].pdf")).isEmpty();
        assertThat(faults.faultFor("fail-500.pdf")).isEmpty();
        assertThat(faults.faultFor(null)).isEmpty();
    }
}
