package io.filebridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import io.filebridge.FilebridgeApplication;
import io.filebridge.testsupport.FreePorts;
import io.filebridge.testsupport.HotFolder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the README promises a newcomer: the shipped config and sample pipelines (config/, routes/) with the sandbox
 * profile upload a dropped file to the emulator and write its receipt; a fault marker ends in the failed folder.
 */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("sandbox")
class SandboxSamplePipelineTest {

    static final Path dataDir = HotFolder.create("sandbox-sample").root;
    static final int port = FreePorts.forApplication();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        // everything else (routes, vendors, sandbox URLs) comes from config/ and routes/ as shipped
        registry.add("filebridge.data-dir", dataDir::toString);
        registry.add("server.port", () -> port);
        registry.add("filebridge.intake.quiet-period", () -> "300ms");
        registry.add("filebridge.sandbox.phrase.translation-delay", () -> "500ms");
        registry.add("filebridge.tracking.poll-interval", () -> "1s");
    }

    @Test
    void theShippedTranslationPipelineDeliversEveryLanguageFromTheEmulator() throws Exception {
        Path inbox = dataDir.resolve("inbox/docs");
        Files.createDirectories(inbox.resolve("guides"));
        Files.writeString(inbox.resolve("guides/Welcome – ü.txt"), "Welcome\nSecond line\n");

        JsonNode receipt = HotFolder.awaitJson(dataDir.resolve("outbox/docs-receipts/guides/Welcome – ü.txt.receipt.json"));
        assertThat(receipt.path("pipeline").asText()).isEqualTo("docs-translation");

        for (String lang : new String[] {"cs", "de"}) {
            Path output = dataDir.resolve("outbox/docs/" + lang + "/guides/Welcome – ü.txt");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> Files.exists(output));
            assertThat(Files.readString(output)).contains("Welcome").contains(lang);
        }
    }

    @Test
    void aFileDroppedIntoTheSampleInboxGetsAReceiptFromTheEmulator() throws Exception {
        Path inbox = dataDir.resolve("inbox/support");
        Files.createDirectories(inbox.resolve("tickets"));
        Files.writeString(inbox.resolve("tickets/Screenshot 2026 – ß.png"), "not really a png");

        JsonNode receipt = HotFolder.awaitJson(dataDir.resolve("outbox/support/tickets/Screenshot 2026 – ß.png.receipt.json"));

        assertThat(receipt.path("pipeline").asText()).isEqualTo("support-attachments");
        assertThat(receipt.path("vendorId").asText()).endsWith("696d6167652f706e67"); // hex of image/png
        HotFolder.awaitExists(inbox.resolve(".done/tickets/Screenshot 2026 – ß.png"));
        String listing = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/sandbox/sendcloud/uploads")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(listing).contains("Screenshot 2026 – ß.png").contains(receipt.path("vendorId").asText());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"manufacturing,manufacturing-data,serial",
            "evaluation,evaluation-files,aymara", "phrase-storage,phrase-storage,phrase"})
    void everyShippedUploadPipelineWorksAgainstItsEmulator(String folder, String pipeline, String emulator)
            throws Exception {
        Path inbox = dataDir.resolve("inbox/" + folder);
        Files.createDirectories(inbox.resolve("sub dir"));
        Files.writeString(inbox.resolve("sub dir/Zpráva č. 1.csv"), "a,b\n1,2\n");

        JsonNode receipt = HotFolder.awaitJson(dataDir.resolve("outbox/" + folder + "/sub dir/Zpráva č. 1.csv.receipt.json"));

        assertThat(receipt.path("pipeline").asText()).isEqualTo(pipeline);
        assertThat(receipt.path("vendorId").asText()).isNotBlank();
        HotFolder.awaitExists(inbox.resolve(".done/sub dir/Zpráva č. 1.csv"));
        String listing = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/sandbox/" + emulator + "/uploads")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(listing).contains("Zpráva č. 1.csv");
    }

    @Test
    void aFaultMarkerEndsInTheFailedFolderWithAReport() throws Exception {
        Path inbox = dataDir.resolve("inbox/support");
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve("big [fail-413].pdf"), "pretend this is big");

        JsonNode report = HotFolder.awaitJson(inbox.resolve(".failed/big [fail-413].pdf.error.json"));
        org.awaitility.Awaitility.await().until(() -> Files.exists(inbox.resolve(".failed/big [fail-413].pdf")));

        assertThat(report.path("httpStatus").asInt()).isEqualTo(413);
        assertThat(report.path("vendorError").asText()).contains("File is too large.");
        assertThat(inbox.resolve(".failed/big [fail-413].pdf")).exists();
    }

}
