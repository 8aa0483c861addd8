package io.filebridge.ops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.filebridge.FilebridgeApplication;
import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.testsupport.HotFolder;
import io.filebridge.sandbox.phrase.PhraseEmulator;
import io.filebridge.sandbox.phrase.PhraseLanguageAi;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A translated output that Phrase has but filebridge cannot write (here: a folder stands where the file must go) is
 * tried again a few times, then fails with a report that says Phrase has it; the retry fetches it again from the same
 * job and orders nothing again.
 */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TranslationDeliveryRetryTest {

    static final PhraseEmulator phrase = new PhraseEmulator().start();
    static final PhraseLanguageAi languageAi = phrase.languageAi().suppressCallbacks().completeAfterPolls(1);
    static final HotFolder folder = HotFolder.create("translation-delivery-retry");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "translation.camel.yaml");
        registry.add("test.targetLangs", () -> "cs,de");
        PipelineTestSettings.phrase(registry, phrase);
        registry.add("filebridge.tracking.poll-interval", () -> "500ms");
        registry.add("filebridge.tracking.delivery-attempts", () -> "2");
        registry.add("filebridge.tracking.spool-dir", () -> folder.root.resolve("spool").toString());
        registry.add("filebridge.ops.password", () -> "");
    }

    @AfterAll
    static void stopServer() {
        phrase.close();
    }

    @LocalServerPort
    int port;

    @Test
    void anOutputThatCannotBeWrittenFailsWithAReportAndItsRetryFetchesItAgainWithoutANewJob() throws Exception {
        ApiClient api = new ApiClient(port);
        // a non-empty folder (an empty one the file producer would just remove)
        Path blocked = Files.createDirectories(folder.outbox.resolve("translated/cs-CZ/guide.txt"));
        Files.writeString(blocked.resolve("in-the-way.txt"), "in the way");
        folder.drop("guide.txt", "Hello\nWorld\n");

        JsonNode report = HotFolder.awaitJson(folder.outbox.resolve("translated/cs-CZ/guide.txt.error.json"));
        assertThat(report.path("stage").asText()).isEqualTo("DELIVERY");
        assertThat(report.path("error").asText()).contains("Phrase has the output", "2 times");
        long id = report.path("ledgerId").asLong();
        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(api.get("/api/jobs/" + id).json()
                .path("state").asText()));
        JsonNode failed = api.get("/api/jobs/" + id).json();
        assertThat(failed.path("failedStage").asText()).isEqualTo("DELIVERY");
        assertThat(folder.outbox.resolve("translated/de/guide.txt")).exists();

        Files.delete(blocked.resolve("in-the-way.txt"));
        Files.delete(blocked);
        assertThat(api.post("/api/jobs/" + id + "/retry").status()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> "COMPLETED".equals(api.get("/api/jobs/" + id).json()
                .path("state").asText()));
        byte[] original = "Hello\nWorld\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(Files.readAllBytes(folder.outbox.resolve("translated/cs-CZ/guide.txt")))
                .isEqualTo(PhraseLanguageAi.expectedOutput(original, "MT_GENERIC_PRETRANSLATE", "cs"));
        assertThat(languageAi.jobs()).as("nothing was ordered again").hasSize(1);
        assertThat(api.get("/api/jobs/" + id).json().path("timeline").findValuesAsText("kind"))
                .containsSubsequence("SUBMITTED", "FAILED", "RETRY", "COMPLETED");
    }
}
