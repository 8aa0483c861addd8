package io.filebridge.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.filebridge.FilebridgeApplication;
import io.filebridge.ledger.FileEvent;
import io.filebridge.ledger.FileState;
import io.filebridge.ledger.Ledger;
import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.sandbox.emulator.RecordedRequest;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
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
 * A vendor that hangs, trickles its answer or stops reading the upload is cut off, the attempt is retried like any
 * attempt without an answer, and the ledger timeline and the error report say what happened. The real pipeline
 * (hot folder -> Sendcloud upload) runs against the Sendcloud contract server's scripted faults, with timeouts
 * shrunk to seconds. Without a limit on the whole attempt, the trickle and the stopped reader held the upload for
 * as long as the server kept them up; the waits below (HotFolder's, 30 s) bound each test instead.
 */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class)
class VendorTimeoutsTest {

    static final SendcloudEmulator sendcloud = new SendcloudEmulator().start();
    static final HotFolder folder = HotFolder.create("vendor-timeouts");

    /** Four megabytes a second at the least: the limit of a 16 MB upload is 4 s + 4 s. */
    static final long MIN_THROUGHPUT = 4L * 1024 * 1024;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "sendcloud.camel.yaml");
        PipelineTestSettings.sendcloud(registry, sendcloud);
        registry.add("filebridge.vendors.sendcloud.uploads-per-minute", () -> "6000");
        registry.add("filebridge.vendors.sendcloud.max-attempts", () -> "2");
        registry.add("camel.component.http.response-timeout", () -> "2000");
        registry.add("camel.component.http.so-timeout", () -> "2000");
        // 2 s more than the read timeout: the attempt's clock also runs while the first call sets up its client
        registry.add("filebridge.http.attempt-timeout", () -> "4s");
        registry.add("filebridge.http.min-throughput", () -> MIN_THROUGHPUT + "B");
    }

    @AfterAll
    static void stopServer() {
        sendcloud.close();
    }

    @Autowired
    Ledger ledger;

    @AfterEach
    void noScriptedFaultLeft() {
        assertThat(sendcloud.pendingFaults()).isZero();
        assertThat(sendcloud.violations()).isEmpty();
    }

    @Test
    void aVendorThatNeverAnswersIsCutByTheResponseTimeoutAndTheAttemptRetried() throws Exception {
        sendcloud.hang();
        folder.drop("hang.txt", "no answer to the first attempt");

        JsonNode receipt = folder.awaitReceipt("hang.txt");

        assertThat(sendcloud.attemptsFor(SendcloudEmulator.UPLOAD_PATH, "hang.txt"))
                .extracting(RecordedRequest::status).containsExactly(-1, 201);
        assertThat(receipt.path("attempts").asInt()).isEqualTo(2);
        assertThat(attemptDetails(receipt.path("ledgerId").asLong())).first().asString()
                .isEqualTo("no answer from sendcloud within 2 s (camel.component.http.response-timeout)");
    }

    @Test
    void aVendorThatNeverAnswersAnyAttemptFailsTheFileWithAReportSayingSo() throws Exception {
        sendcloud.hang();
        sendcloud.hang();
        folder.drop("hang-twice.txt", "no answer at all");

        JsonNode report = folder.awaitErrorReport("hang-twice.txt");

        assertThat(report.path("attempts").asInt()).isEqualTo(2);
        assertThat(report.has("httpStatus")).isFalse();
        assertThat(report.path("error").asText())
                .isEqualTo("no answer from sendcloud within 2 s (camel.component.http.response-timeout)");
        assertThat(report.path("hint").asText()).contains("did not answer in time");
        long ledgerId = report.path("ledgerId").asLong();
        assertThat(ledger.find(ledgerId).orElseThrow().state()).isEqualTo(FileState.FAILED);
        assertThat(attemptDetails(ledgerId)).hasSize(2).containsOnly(report.path("error").asText());
    }

    @Test
    void aTrickledAnswerIsCutByTheAttemptTimeLimitAndTheAttemptRetried() throws Exception {
        // a byte every half second: each read gets something well within the 2 s read timeout
        sendcloud.trickleResponse(Duration.ofMillis(500));
        folder.drop("trickle.txt", "the first answer trickles");

        JsonNode receipt = folder.awaitReceipt("trickle.txt");

        assertThat(sendcloud.attemptsFor(SendcloudEmulator.UPLOAD_PATH, "trickle.txt"))
                .extracting(RecordedRequest::status).containsExactly(201, 201);
        assertThat(receipt.path("attempts").asInt()).isEqualTo(2);
        String detail = attemptDetails(receipt.path("ledgerId").asLong()).get(0);
        assertThat(detail).startsWith("sendcloud trickled its answer: ")
                .containsPattern("[1-9]\\d* bytes? of \\d+ bytes received when the attempt's time limit of 4 s \\(")
                .contains("filebridge.http.attempt-timeout");
        // the vendor had the first upload when it trickled: without idempotency keys the retry is a second copy
        assertThat(sendcloud.uploads()).filteredOn(u -> u.filename().equals("trickle.txt")).hasSize(2);
    }

    @Test
    void theLimitGrowsWithTheUploadSoASteadySlowUploadCompletesWhileOneTheVendorStopsReadingIsCut()
            throws Exception {
        int size = 48 * 1024 * 1024;
        // read at 8 MB/s: 6 s, half as long again as the size-independent 4 s, but well within 4 s + 48 MB at
        // 4 MB/s; the megabytes the socket buffers hold when the upload is written are read within the 2 s the
        // response timeout allows
        sendcloud.readSlowly(8L * 1024 * 1024);
        folder.drop("steady/large.bin", new byte[size]);

        JsonNode steady = folder.awaitReceipt("steady/large.bin");

        assertThat(steady.path("attempts").asInt()).isEqualTo(1);
        RecordedRequest slow = sendcloud.attemptsFor(SendcloudEmulator.UPLOAD_PATH, "large.bin").get(0);
        assertThat(slow.fault()).startsWith("read slowly");
        assertThat(slow.bodySize()).isGreaterThan(size);

        // 16 MB, more than the loopback socket buffers take in: once they are full, the upload's writes block
        sendcloud.stopReading();
        folder.drop("stuck/large.bin", new byte[16 * 1024 * 1024]);

        JsonNode receipt = folder.awaitReceipt("stuck/large.bin");

        assertThat(receipt.path("attempts").asInt()).isEqualTo(2);
        assertThat(sendcloud.requests()).filteredOn(r -> "stop reading".equals(r.fault())).hasSize(1);
        assertThat(attemptDetails(receipt.path("ledgerId").asLong()).get(0))
                .startsWith("sendcloud stopped reading the request: ")
                .containsPattern(" of 16\\.0 MB sent when the attempt's time limit of 8 s \\(")
                .contains("filebridge.http.attempt-timeout").contains("filebridge.http.min-throughput");
    }

    private List<String> attemptDetails(long ledgerId) {
        return ledger.events(ledgerId).stream().filter(e -> e.kind().equals(Ledger.ATTEMPT))
                .map(FileEvent::detail).toList();
    }
}
