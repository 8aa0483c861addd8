package io.filebridge.intake.hotfolder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.filebridge.FilebridgeApplication;
import io.filebridge.pipeline.OutcomeLog;
import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.testsupport.HotFolder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A file name may hold any character but '/' and NUL. Uploaded by a real pipeline, a name carrying a line break and a
 * forged outcome line, or quotes that try to add fields, leaves the plain-text log as truthful as any other name:
 * every line the application writes about it stays one line, and the real outcome line names the file escaped.
 */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class)
@ExtendWith(OutputCaptureExtension.class)
class HostileFileNameLogTest {

    /** What a forged line would look like, as the test log pattern writes the real ones (logback-test.xml). */
    static final String FORGED_PREFIX = "12:00:00.000 INFO  [main] filebridge.outcome - ";
    static final String FORGED_OUTCOME = "COMPLETED pipeline=sendcloud-test file=\"f.txt\" vendor=sendcloud vendorId=f"
            + " attempts=1 durationMs=1";

    static final SendcloudEmulator sendcloud = new SendcloudEmulator().start();
    static final HotFolder folder = HotFolder.create("hostile-log");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "sendcloud.camel.yaml");
        PipelineTestSettings.sendcloud(registry, sendcloud);
    }

    @AfterAll
    static void stopServer() {
        sendcloud.close();
    }

    @Test
    void aNameWithALineBreakCannotForgeAnOutcomeLine(CapturedOutput output) throws Exception {
        // within the 255 bytes a Linux file name may have, with room for ".receipt.json"
        String name = "evil\n" + FORGED_PREFIX + FORGED_OUTCOME + "\r\n\u001b[1A\u2028COMPLETED.txt";
        int from = output.getAll().length();
        folder.drop(name, "a file whose name tries to write its own log line");

        JsonNode receipt = folder.awaitReceipt(name);
        folder.awaitDone(name);

        List<String> lines = output.getAll().substring(from).lines().toList();
        assertThat(lines).as("a line of its own for the forged text")
                .noneMatch(line -> line.startsWith(FORGED_PREFIX) || line.startsWith("COMPLETED")
                        || line.startsWith("\u001b"));
        assertThat(lines).as("the name is written escaped wherever it is logged")
                .filteredOn(line -> line.contains(FORGED_OUTCOME))
                .isNotEmpty()
                .allMatch(line -> line.contains("evil\\n" + FORGED_PREFIX)
                        && line.contains("\\r\\n\\u001b[1A\\u2028"));
        String escapedName = "evil\\n" + FORGED_PREFIX + FORGED_OUTCOME.replace("\"", "\\\"")
                + "\\r\\n\\u001b[1A\\u2028COMPLETED.txt";
        assertThat(lines).filteredOn(line -> line.contains("] filebridge.outcome - COMPLETED pipeline=sendcloud-test"
                + " file=\"evil"))
                .singleElement().asString().matches(".* filebridge\\.outcome - " + Pattern.quote(
                        "COMPLETED pipeline=sendcloud-test file=\"" + escapedName + "\" vendor=sendcloud vendorId="
                        + receipt.path("vendorId").asText() + " requestId=" + receipt.path("requestId").asText()
                        + " attempts=1 durationMs=") + "\\d+");
    }

    @Test
    void quotesInANameCannotCloseItsFieldAndAddFields(CapturedOutput output) throws Exception {
        // (a backslash is a name separator to Camel's file component, so such a name is not taken today)
        String name = "quote\" vendor=forged vendorId=forged x=\"y.txt";
        int from = output.getAll().length();
        folder.drop(name, "a file whose name tries to add fields to its outcome line");

        JsonNode receipt = folder.awaitReceipt(name);
        folder.awaitDone(name);

        List<String> outcome = output.getAll().substring(from).lines()
                .filter(line -> line.contains(" filebridge.outcome - COMPLETED pipeline=sendcloud-test")).toList();
        assertThat(outcome).singleElement().asString()
                .contains(" file=\"quote\\\" vendor=forged vendorId=forged x=\\\"y.txt\" vendor=sendcloud"
                        + " vendorId=" + receipt.path("vendorId").asText() + " ");
    }

    /** Escaped as inside a JSON string, so a reader can undo it: a backslash before a quote is not an escaped quote. */
    @Test
    void quotedValuesEscapeQuotesAndBackslashes() {
        assertThat(OutcomeLog.quoted("a\\\" x=\"b")).isEqualTo("a\\\\\\\" x=\\\"b");
        assertThat(OutcomeLog.quoted("plain name.txt")).isEqualTo("plain name.txt");
        assertThat(OutcomeLog.quoted(null)).isNull();
    }
}
