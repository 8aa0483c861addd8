package io.filebridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.FilebridgeApplication;
import io.filebridge.testsupport.FreePorts;
import io.filebridge.testsupport.HotFolder;
import io.filebridge.testsupport.S3Server;
import org.apache.camel.CamelContext;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * What the README's "Example: S3 with the sandbox" promises: the shipped example file
 * (examples/s3/s3-support-attachments.camel.yaml), loaded with the include pattern the README gives, with the
 * sandbox profile and its settings (only the S3 server's address and keys given here, as the README's environment
 * variables would), turns an object under inbox/ into an upload at the Sendcloud emulator, a receipt, and a move to
 * processed/; a refused upload ends under failed/ with its report. The bucket does not exist beforehand: the example
 * creates it.
 */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("sandbox")
class SandboxS3ExampleTest {

    static final String BUCKET = "filebridge-sandbox";
    static final Path dataDir = HotFolder.create("sandbox-s3-example").root;
    static final int port = FreePorts.forApplication();
    static final S3Server s3 = S3Server.start();
    static final ObjectMapper json = new ObjectMapper();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        // the README's command line ...
        registry.add("camel.main.routes-include-pattern",
                () -> "file:routes/**/*.camel.yaml,file:examples/s3/*.camel.yaml");
        // ... and its environment variables (S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY); bucket and region are
        // the defaults of config/application-sandbox.yml
        registry.add("S3_ENDPOINT", s3::endpoint);
        registry.add("S3_ACCESS_KEY", () -> S3Server.ACCESS_KEY);
        registry.add("S3_SECRET_KEY", () -> S3Server.SECRET_KEY);
        registry.add("filebridge.data-dir", dataDir::toString);
        registry.add("server.port", () -> port);
        registry.add("filebridge.intake.quiet-period", () -> "300ms");
    }

    @AfterAll
    static void stopServer() {
        s3.close();
    }

    @Autowired
    CamelContext camel;

    @Test
    void anObjectUnderInboxBecomesAnUploadAReceiptAndMovesToProcessed() throws Exception {
        assertThat(camel.getRoute("s3-support-attachments")).as("the example pipeline is loaded").isNotNull();
        await().atMost(Duration.ofSeconds(20)).until(() -> s3.client().listBuckets().buckets().stream()
                .anyMatch(b -> b.name().equals(BUCKET)));
        byte[] content = ("a ticket attachment " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        s3.client().putObject(r -> r.bucket(BUCKET).key("inbox/tickets/Screenshot – ü.png"),
                RequestBody.fromBytes(content));

        JsonNode receipt = HotFolder.awaitJson(dataDir.resolve("outbox/s3-support/tickets/Screenshot – ü.png.receipt.json"));
        assertThat(receipt.path("pipeline").asText()).isEqualTo("s3-support-attachments");
        assertThat(receipt.path("file").path("sha256").asText()).isEqualTo(HotFolder.sha256(content));
        assertThat(receipt.path("vendorId").asText()).isNotBlank();
        await().atMost(Duration.ofSeconds(20)).until(() -> s3.keys(BUCKET, "processed/")
                .contains("processed/tickets/Screenshot – ü.png"));
        assertThat(s3.read(BUCKET, "processed/tickets/Screenshot – ü.png")).isEqualTo(content);
        assertThat(s3.keys(BUCKET, "inbox/")).isEmpty();
        assertThat(emulatorUploads()).contains("Screenshot – ü.png").contains(receipt.path("vendorId").asText());
    }

    @Test
    void aRefusedUploadEndsUnderFailedWithItsReport() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> s3.client().listBuckets().buckets().stream()
                .anyMatch(b -> b.name().equals(BUCKET)));
        s3.client().putObject(r -> r.bucket(BUCKET).key("inbox/big [fail-413].pdf"),
                RequestBody.fromString("pretend this is big " + UUID.randomUUID()));

        await().atMost(Duration.ofSeconds(30)).until(() -> s3.keys(BUCKET, "failed/").size() == 2);
        assertThat(s3.keys(BUCKET, "failed/")).containsExactly("failed/big [fail-413].pdf",
                "failed/big [fail-413].pdf.error.json");
        JsonNode report = json.readTree(s3.read(BUCKET, "failed/big [fail-413].pdf.error.json"));
        assertThat(report.path("pipeline").asText()).isEqualTo("s3-support-attachments");
        assertThat(report.path("httpStatus").asInt()).isEqualTo(413);
        await().atMost(Duration.ofSeconds(10)).until(() -> s3.keys(BUCKET, "inbox/").isEmpty());
        assertThat(Files.exists(dataDir.resolve("outbox/s3-support/big [fail-413].pdf.receipt.json"))).isFalse();
    }

    private static String emulatorUploads() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/sandbox/sendcloud/uploads")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

}
