package io.filebridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.filebridge.FilebridgeApplication;
import io.filebridge.ledger.FailedStage;
import io.filebridge.ledger.FileEntry;
import io.filebridge.ledger.FileState;
import io.filebridge.ledger.Ledger;
import io.filebridge.ops.api.ApiClient;
import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.testsupport.HotFolder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A failure after the upload is a failure of the file, with a report: when the receipt cannot be written, the input
 * goes to the failed folder with a report naming the vendor's id, the ledger says the vendor has it, and a retry
 * writes only the receipt; the vendor never gets the file twice.
 */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeliveryFailureTest {

    static final SendcloudEmulator sendcloud = new SendcloudEmulator().start();
    static final HotFolder folder = HotFolder.create("delivery-failure");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "sendcloud.camel.yaml");
        PipelineTestSettings.sendcloud(registry, sendcloud);
        registry.add("filebridge.ops.password", () -> "");
    }

    @AfterAll
    static void stopServer() {
        sendcloud.close();
    }

    @Autowired
    Ledger ledger;

    @LocalServerPort
    int port;

    @Test
    void aReceiptThatCannotBeWrittenFailsTheFileWithTheVendorIdAndARetryWritesOnlyTheReceipt() throws Exception {
        // the outbox is a file, not a folder: no receipt can be written into it
        Files.createDirectories(folder.outbox.getParent());
        if (Files.isDirectory(folder.outbox)) {
            try (Stream<Path> left = Files.list(folder.outbox)) {
                assertThat(left).as("no receipt or temporary file was left before").isEmpty();
            }
            Files.delete(folder.outbox);
        }
        Files.writeString(folder.outbox, "in the way");
        folder.drop("invoice.pdf", "paid in full " + System.nanoTime());

        JsonNode report = folder.awaitErrorReport("invoice.pdf");

        String sha = report.path("file").path("sha256").asText();
        var uploads = sendcloud.uploads().stream().filter(u -> u.sha256().equals(sha)).toList();
        assertThat(uploads).hasSize(1);
        String token = uploads.get(0).fileToken();
        assertThat(report.path("vendorId").asText()).isEqualTo(token);
        assertThat(report.path("error").asText()).contains("the vendor has the file", token);
        assertThat(report.path("hint").asText()).contains("Nothing needs to be uploaded again");
        long id = report.path("ledgerId").asLong();
        FileEntry row = ledger.find(id).orElseThrow();
        assertThat(row).extracting(FileEntry::state, FileEntry::failedStage, FileEntry::vendorId)
                .containsExactly(FileState.FAILED, FailedStage.DELIVERY, token);

        Files.delete(folder.outbox);
        ApiClient api = new ApiClient(port);
        assertThat(api.post("/api/jobs/" + id + "/retry").status()).isEqualTo(202);

        JsonNode receipt = folder.awaitReceipt("invoice.pdf");
        assertThat(receipt.path("vendorId").asText()).isEqualTo(token);
        assertThat(receipt.path("ledgerId").asLong()).isEqualTo(id);
        folder.awaitDone("invoice.pdf");
        await().atMost(Duration.ofSeconds(10)).until(() -> ledger.find(id).orElseThrow().state()
                == FileState.COMPLETED);
        assertThat(sendcloud.uploads().stream().filter(u -> u.sha256().equals(sha))).as("the retry sent nothing")
                .hasSize(1);
        assertThat(folder.errorReport("invoice.pdf")).doesNotExist();
        try (Stream<Path> outbox = Files.list(folder.outbox)) {
            assertThat(outbox.map(p -> p.getFileName().toString())).containsExactly("invoice.pdf.receipt.json");
        }
    }

    @Test
    void aNameTooLongForItsReceiptStillGetsAReportUnderAShortenedName() throws Exception {
        String name = "n".repeat(240) + ".txt"; // fine for the input, too long with ".receipt.json" or ".error.json"
        folder.drop(name, "long name " + System.nanoTime());

        Path failed = HotFolder.awaitExists(folder.failed(name));
        Path report = await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (Stream<Path> beside = Files.list(failed.getParent())) {
                return beside.filter(p -> p.getFileName().toString().endsWith(".error.json")
                        && p.getFileName().toString().startsWith("nnnn")).findFirst().orElse(null);
            }
        }, p -> p != null);
        JsonNode body = HotFolder.awaitJson(report);
        assertThat(body.path("file").path("name").asText()).isEqualTo(name);
        assertThat(body.path("vendorId").asText()).isNotBlank();
        assertThat(body.path("error").asText()).contains("File name too long");
        try (Stream<Path> outbox = Files.list(folder.outbox)) {
            assertThat(outbox).as("no temporary file left behind").noneMatch(p -> p.getFileName().toString()
                    .startsWith(".tmp-n"));
        }
        assertThat(report.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(255);
    }
}
