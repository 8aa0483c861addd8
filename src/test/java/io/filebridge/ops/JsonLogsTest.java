package io.filebridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.FilebridgeApplication;
import io.filebridge.connector.AttemptListener;
import io.filebridge.connector.VendorCallObserver;
import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.testsupport.HotFolder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With FILEBRIDGE_LOG_FORMAT=ecs every log line is one JSON object; lines written while a file is handled carry its
 * pipeline, job (ledger row) and file; and a configured secret that some code logs (here a careless observer of
 * vendor calls, running inside the upload) is masked in every line.
 */
@CamelSpringBootTest
@SpringBootTest(classes = {FilebridgeApplication.class, JsonLogsTest.CarelessCode.class}, properties = {
        "logging.config=classpath:logback-structured-test.xml",
        "FILEBRIDGE_LOG_FORMAT=ecs"})
@ExtendWith(OutputCaptureExtension.class)
class JsonLogsTest {

    static final SendcloudEmulator sendcloud = new SendcloudEmulator().start();
    static final HotFolder folder = HotFolder.create("ops-json-logs");
    static final String MARKER = "careless debugging line";

    /** Code that logs a secret it should not: the redaction net must catch it. */
    @TestConfiguration
    static class CarelessCode {
        private static final Logger log = LoggerFactory.getLogger("io.filebridge.test.CarelessCode");

        @Bean
        VendorCallObserver carelessObserver() {
            return vendor -> new AttemptListener() {
                @Override
                public void attempted(int attempt, Integer httpStatus, String detail) {
                    log.warn("{}: {} answered {} to a request signed with {}", MARKER, vendor, httpStatus,
                            SendcloudEmulator.SECRET_KEY);
                }
            };
        }
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "sendcloud.camel.yaml");
        PipelineTestSettings.sendcloud(registry, sendcloud);
    }

    /**
     * Spring Boot configures logging only once per JVM while an earlier test's context is alive; reset Logback so this
     * test's context sets up the JSON console itself, as a fresh filebridge process does.
     */
    @BeforeAll
    static void freshLogging() throws Exception {
        resetLogbackToTestDefaults();
    }

    /** The next tests read plain lines again (and their contexts configure logging themselves). */
    @AfterAll
    static void plainLoggingAgain() throws Exception {
        sendcloud.close();
        resetLogbackToTestDefaults();
    }

    private static void resetLogbackToTestDefaults() throws Exception {
        // Boot keeps the system properties an earlier context set (e.g. an empty structured format) unless cleared
        System.clearProperty("CONSOLE_LOG_STRUCTURED_FORMAT");
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset(); // also forgets that Spring Boot initialized it
        new ContextInitializer(context).autoConfig(); // logback-test.xml
    }

    final ObjectMapper json = new ObjectMapper();

    @Test
    void everyLineIsJsonWithTheFilesContextAndNoSecret(CapturedOutput output) throws Exception {
        int from = output.getAll().length();
        folder.drop("logged/report.txt", "a file whose upload logs a secret");
        JsonNode receipt = folder.awaitReceipt("logged/report.txt");
        long job = receipt.path("ledgerId").asLong();

        List<String> lines = output.getAll().substring(from).lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            assertThat(line).as("no secret in any line").doesNotContain(SendcloudEmulator.SECRET_KEY);
            assertThat(isJsonObject(line)).as("one JSON object per line: %s", line).isTrue();
        }
        JsonNode careless = only(lines, MARKER);
        assertThat(careless.path("message").asText()).contains("signed with ***");
        assertThat(careless.path("log").path("level").asText()).isEqualTo("WARN");
        JsonNode outcome = only(lines, "COMPLETED pipeline=sendcloud-test");
        assertThat(outcome.path("message").asText()).matches("COMPLETED pipeline=sendcloud-test"
                + " file=\"logged/report\\.txt\" vendor=sendcloud vendorId=" + receipt.path("vendorId").asText()
                + " requestId=" + receipt.path("requestId").asText() + " attempts=1 durationMs=\\d+");
        assertThat(receipt.path("vendorId").asText()).isNotBlank();
        assertThat(receipt.path("requestId").asText()).isNotBlank();
        assertThat(outcome.path("log").path("logger").asText()).isEqualTo("filebridge.outcome");
        for (JsonNode line : List.of(careless, outcome)) {
            assertThat(line.path("pipeline").asText()).isEqualTo("sendcloud-test");
            assertThat(line.path("job").asLong()).isEqualTo(job);
            assertThat(line.path("file").asText()).isEqualTo("logged/report.txt");
        }
    }

    private boolean isJsonObject(String line) {
        try {
            return json.readTree(line).isObject();
        } catch (Exception e) {
            return false;
        }
    }

    private JsonNode only(List<String> lines, String text) throws Exception {
        List<String> matching = lines.stream().filter(l -> l.contains(text)).toList();
        assertThat(matching).as("lines with '%s'", text).hasSize(1);
        return json.readTree(matching.get(0));
    }
}
