package io.filebridge.sandbox.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Why: a sandbox left running for days must not keep every upload it ever saw, and the listing shows the newest. */
class RecordsTest {

    @Test
    void keepsTheNewestUpToItsCapacity() {
        Records<Integer> uploads = new Records<>(200);

        IntStream.rangeClosed(1, 250).forEach(uploads::add);

        assertThat(uploads.newestFirst()).hasSize(200).startsWith(250, 249).endsWith(51);
        assertThat(uploads.oldestFirst()).startsWith(51, 52).endsWith(250);
    }
}
