package io.filebridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReceivedUploadsTest {

    @Test
    void keepsTheNewestUpToItsCapacity() {
        ReceivedUploads<Integer> uploads = new ReceivedUploads<>(200);

        IntStream.rangeClosed(1, 250).forEach(uploads::add);

        assertThat(uploads.newestFirst()).hasSize(200).startsWith(250, 249).endsWith(51);
    }
}
