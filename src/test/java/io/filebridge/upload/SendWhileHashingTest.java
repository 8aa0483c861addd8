package io.filebridge.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;
import io.filebridge.FilebridgeApplication;
import io.filebridge.ledger.FileEntry;
import io.filebridge.ledger.FileEvent;
import io.filebridge.ledger.FileState;
import io.filebridge.ledger.Ledger;
import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.sandbox.emulator.RecordedRequest;
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
 * A large file's upload starts before its hash is known and before its ledger row exists, its last block held back
 * (TailGate): checked at the Sendcloud contract server, which records what it received and when.
 */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class)
class SendWhileHashingTest {

    /** Large enough that the hash's second half outlasts the start of the request, even with a cold JIT. */
    private static final int LARGE = 32 << 20;

    static final SendcloudEmulator sendcloud = new SendcloudEmulator().start();
    static final HotFolder folder = HotFolder.create("send-while-hashing");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "sendcloud.camel.yaml");
        PipelineTestSettings.sendcloud(registry, sendcloud);
        registry.add("filebridge.vendors.sendcloud.uploads-per-minute", () -> "6000");
        registry.add("filebridge.intake.large-files-from", () -> "1MB");
    }

    @AfterAll
    static void stopServer() {
        sendcloud.close();
    }

    @AfterEach
    void contractKept() {
        assertThat(sendcloud.violations()).isEmpty();
    }

    @Autowired
    Ledger ledger;

    @Test
    void aLargeFileArrivesWholeOnceAndOnlyAfterItsRowSaysUploading() throws Exception {
        byte[] content = random(LARGE, 1);
        folder.drop("big/one.bin", content);

        JsonNode receipt = folder.awaitReceipt("big/one.bin");

        String sha = HotFolder.sha256(content);
        assertThat(receipt.path("file").path("sha256").asText()).isEqualTo(sha);
        List<SendcloudUpload> uploads = uploadsOf(sha);
        assertThat(uploads).hasSize(1);
        assertThat(uploads.get(0).size()).isEqualTo(LARGE);
        FileEntry row = rowOf("big/one.bin");
        assertThat(row.state()).isEqualTo(FileState.COMPLETED);
        Instant uploading = ledger.events(row.id()).stream().filter(e -> e.kind().equals("UPLOADING"))
                .map(FileEvent::at).findFirst().orElseThrow();
        // the request may begin before the row says UPLOADING (it is sent while hashing), but it ends after it
        assertThat(uploads.get(0).completedAt()).isAfterOrEqualTo(uploading);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(folder.done("big/one.bin")));
    }

    @Test
    void aLargeDuplicateIsNeverCompletedAtTheVendor() throws Exception {
        byte[] content = random(LARGE, 2);
        folder.drop("dup/first.bin", content);
        folder.awaitReceipt("dup/first.bin");
        int requestsBefore = uploadRequests().size();

        folder.drop("dup/second.bin", content);
        JsonNode receipt = folder.awaitReceipt("dup/second.bin");

        assertThat(receipt.path("duplicate").asBoolean()).isTrue();
        assertThat(uploadsOf(HotFolder.sha256(content))).as("complete uploads of the content").hasSize(1);
        // its request starts while the file is hashed (TailGate) and is cut short before its last block once the
        // pickup finds the twin: an incomplete request, which is no upload at any HTTP server
        List<RecordedRequest> after = uploadRequests().subList(requestsBefore, uploadRequests().size());
        assertThat(after).allSatisfy(request -> {
            assertThat(request.fault()).contains("abandoned");
            assertThat(request.bodySize()).isLessThan(LARGE);
        });
        assertThat(rowOf("dup/second.bin").state()).isEqualTo(FileState.DUPLICATE);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(folder.done("dup/second.bin")));
    }

    private List<SendcloudUpload> uploadsOf(String sha) {
        return sendcloud.uploads().stream().filter(u -> u.sha256().equals(sha)).toList();
    }

    private List<RecordedRequest> uploadRequests() {
        return sendcloud.requests().stream().filter(r -> r.path().equals(SendcloudEmulator.UPLOAD_PATH)).toList();
    }

    private FileEntry rowOf(String relativePath) {
        return ledger.findByPipeline("sendcloud-test").stream().filter(f -> f.relativePath().equals(relativePath))
                .findFirst().orElseThrow();
    }

    private static byte[] random(int size, long seed) {
        byte[] content = new byte[size];
        new SplittableRandom(seed).nextBytes(content);
        return content;
    }
}
