package io.filebridge.connector.sendcloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.filebridge.FilebridgeApplication;
import io.filebridge.ledger.FileState;
import io.filebridge.ledger.Ledger;
import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.sandbox.sendcloud.SendcloudUpload;
import io.filebridge.testsupport.HotFolder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two pipelines on one Sendcloud credential: they share one client-side limit (the window shrunk to two seconds so
 * the test is quick), and the one with {@code skipDuplicates: false} uploads every copy it is given.
 */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class)
class SendcloudTwoPipelinesTest {

    static final int LIMIT = 4;
    static final Duration WINDOW = Duration.ofSeconds(2);

    static final SendcloudEmulator sendcloud = new SendcloudEmulator().start();
    static final HotFolder first = HotFolder.create("sendcloud-first");
    static final HotFolder everyCopy = HotFolder.create("sendcloud-every-copy");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, first, "sendcloud-two-pipelines.camel.yaml");
        registry.add("test.second-inbox", everyCopy.inbox::toString);
        registry.add("test.second-outbox", everyCopy.outbox::toString);
        PipelineTestSettings.sendcloud(registry, sendcloud);
        registry.add("filebridge.vendors.sendcloud.uploads-per-minute", () -> Integer.toString(LIMIT));
        registry.add("filebridge.vendors.sendcloud.rate-limit-window", WINDOW::toString);
        registry.add("filebridge.vendors.sendcloud.concurrency", () -> "4");
    }

    @AfterAll
    static void stopServer() {
        sendcloud.close();
    }

    @Autowired
    Ledger ledger;

    @AfterEach
    void theContractHeld() {
        assertThat(sendcloud.violations()).isEmpty();
    }

    @Test
    void withoutSkippingDuplicatesTheSameBytesDroppedTwiceAreUploadedTwice() throws Exception {
        everyCopy.drop("again/report.txt", "the same bytes, wanted twice");
        JsonNode firstReceipt = everyCopy.awaitReceipt("again/report.txt");
        HotFolder.awaitExists(everyCopy.done("again/report.txt"));
        everyCopy.drop("again/report copy.txt", "the same bytes, wanted twice");

        JsonNode secondReceipt = everyCopy.awaitReceipt("again/report copy.txt");

        String sha = HotFolder.sha256("the same bytes, wanted twice".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(sendcloud.uploads()).filteredOn(u -> u.sha256().equals(sha))
                .extracting(SendcloudUpload::filename)
                .containsExactlyInAnyOrder("report.txt", "report copy.txt");
        assertThat(secondReceipt.path("duplicate").asBoolean()).isFalse();
        assertThat(secondReceipt.path("vendorId").asText()).isNotEqualTo(firstReceipt.path("vendorId").asText());
        assertThat(ledger.find(secondReceipt.path("ledgerId").asLong()).orElseThrow().state())
                .isEqualTo(FileState.COMPLETED);
    }

    @Test
    void twoPipelinesOnOneCredentialShareOneLimit() throws Exception {
        int perPipeline = 6;
        for (int i = 0; i < perPipeline; i++) {
            first.drop("shared/first-" + i + ".txt", "first pipeline " + i);
            everyCopy.drop("shared/every-" + i + ".txt", "second pipeline " + i);
        }
        for (int i = 0; i < perPipeline; i++) {
            first.awaitReceipt("shared/first-" + i + ".txt");
            everyCopy.awaitReceipt("shared/every-" + i + ".txt");
        }

        assertThat(sendcloud.uploads()).filteredOn(u -> u.filename().startsWith("first-")).hasSize(perPipeline);
        assertThat(sendcloud.uploads()).filteredOn(u -> u.filename().startsWith("every-")).hasSize(perPipeline);
        assertThat(sendcloud.maxUploadAttemptsWithin(WINDOW)).as("both pipelines together, in any window")
                .isLessThanOrEqualTo(LIMIT);
        // the shared limiter, not slowness, spaced them: 12 small uploads take well under a second at full speed
        assertThat(sendcloud.maxUploadAttemptsWithin(WINDOW)).isGreaterThanOrEqualTo(LIMIT - 1);
    }
}
