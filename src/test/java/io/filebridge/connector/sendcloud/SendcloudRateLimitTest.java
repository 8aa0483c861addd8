package io.filebridge.connector.sendcloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.filebridge.FilebridgeApplication;
import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.testsupport.HotFolder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The client-side limit, with the window shrunk to two seconds so the test is quick: however many files arrive and
 * however many upload threads run, the server never sees more requests in any window than allowed.
 */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class)
class SendcloudRateLimitTest {

    static final SendcloudEmulator sendcloud = new SendcloudEmulator().start();
    static final HotFolder folder = HotFolder.create("sendcloud-rate");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "sendcloud.camel.yaml");
        PipelineTestSettings.sendcloud(registry, sendcloud);
        registry.add("filebridge.vendors.sendcloud.uploads-per-minute", () -> "4");
        registry.add("filebridge.vendors.sendcloud.rate-limit-window", () -> "2s");
        registry.add("filebridge.vendors.sendcloud.concurrency", () -> "4");
    }

    @AfterAll
    static void stopServer() {
        sendcloud.close();
    }

    @Test
    void theLimitIsNeverExceededAtTheServer() throws Exception {
        for (int i = 0; i < 16; i++) {
            folder.drop("rate/" + i + ".txt", "rate limited content " + i);
        }
        for (int i = 0; i < 16; i++) {
            folder.awaitReceipt("rate/" + i + ".txt");
        }

        assertThat(sendcloud.uploads()).hasSize(16);
        assertThat(sendcloud.maxUploadAttemptsWithin(Duration.ofSeconds(2))).isLessThanOrEqualTo(4);
        // the limiter, not slowness, is what spaced them: at full speed 16 small uploads take well under a second
        assertThat(sendcloud.maxUploadAttemptsWithin(Duration.ofSeconds(2))).isGreaterThanOrEqualTo(3);
    }
}
