package io.filebridge.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.filebridge.FilebridgeApplication;
import io.filebridge.ledger.FileState;
import io.filebridge.ledger.JobLedger;
import io.filebridge.ledger.Ledger;
import io.filebridge.ledger.OutputEntry;
import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.testsupport.HotFolder;
import io.filebridge.sandbox.phrase.PhraseEmulator;
import io.filebridge.sandbox.phrase.PhraseLanguageAi;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Translation by polling alone (no public URL, the server never calls back): quality estimation scores, and the age
 * limit for a job that never finishes.
 */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class)
class TranslationPollingPipelineTest {

    static final PhraseEmulator phrase = new PhraseEmulator().start();
    static final PhraseLanguageAi languageAi = phrase.languageAi().suppressCallbacks();
    static final HotFolder folder = HotFolder.create("translation-polling");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "translation.camel.yaml");
        registry.add("test.targetLangs", () -> "cs,de");
        registry.add("test.actionTypes", () -> "MT_GENERIC_PRETRANSLATE,QUALITY_ESTIMATION");
        PipelineTestSettings.phrase(registry, phrase);
        registry.add("filebridge.tracking.poll-interval", () -> "1s");
        registry.add("filebridge.tracking.max-job-age", () -> "6s");
        registry.add("filebridge.tracking.spool-dir", () -> folder.root.resolve("spool").toString());
    }

    @AfterAll
    static void stopServer() {
        phrase.close();
    }

    @Autowired
    Ledger ledger;
    @Autowired
    JobLedger jobs;

    @Test
    void withoutCallbacksPollingDeliversTranslationsAndQualityScores() throws Exception {
        byte[] original = "Release notes".getBytes(StandardCharsets.UTF_8);
        folder.drop("notes/release.md", original);
        JsonNode receipt = HotFolder.awaitJson(folder.outbox.resolve("receipts/notes/release.md.receipt.json"));
        String uid = receipt.path("vendorId").asText();
        assertThat(languageAi.job(uid).metadata().has("callbackUrl")).isFalse();

        languageAi.completeJob(uid);

        Path translated = folder.outbox.resolve("translated");
        for (String[] lang : new String[][] {{"cs", "cs-CZ"}, {"de", "de"}}) {
            Path output = translated.resolve(lang[1] + "/notes/release.md");
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(output));
            assertThat(Files.readAllBytes(output))
                    .isEqualTo(PhraseLanguageAi.expectedOutput(original, "MT_GENERIC_PRETRANSLATE", lang[0]));
            JsonNode score = HotFolder.awaitJson(translated.resolve(lang[1] + "/notes/release.md.qps.json"));
            assertThat(score.path("score").asDouble()).isEqualTo(PhraseLanguageAi.expectedScore(lang[0]));
        }
        long ledgerId = receipt.path("ledgerId").asLong();
        await().until(() -> ledger.find(ledgerId).orElseThrow().state() == FileState.COMPLETED);
        assertThat(jobs.outputs(ledgerId)).filteredOn(o -> o.actionType().equals("QUALITY_ESTIMATION"))
                .extracting(OutputEntry::score)
                .containsExactly(PhraseLanguageAi.expectedScore("cs"), PhraseLanguageAi.expectedScore("de"));
        assertThat(folder.root.resolve("spool/" + ledgerId)).doesNotExist();
        assertThat(phrase.violations()).isEmpty();
    }

    @Test
    void aJobOlderThanTheAgeLimitFailsWithAReportPerLanguage() throws Exception {
        folder.drop("stuck.txt", "never finishes".getBytes(StandardCharsets.UTF_8));
        JsonNode receipt = HotFolder.awaitJson(folder.outbox.resolve("receipts/stuck.txt.receipt.json"));
        long ledgerId = receipt.path("ledgerId").asLong();

        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.find(ledgerId).orElseThrow().state()
                == FileState.FAILED);

        JsonNode report = HotFolder.awaitJson(folder.outbox.resolve("translated/cs-CZ/stuck.txt.error.json"));
        assertThat(report.path("error").asText()).contains("max-job-age (6 s)");
        assertThat(ledger.find(ledgerId).orElseThrow().lastError()).contains("cs (MT_GENERIC_PRETRANSLATE)")
                .contains("de (QUALITY_ESTIMATION)");
        assertThat(folder.outbox.resolve("translated/cs-CZ/stuck.txt")).doesNotExist();
        // the score's failure has its own report, beside where the score would be
        JsonNode scoreReport = HotFolder.awaitJson(folder.outbox.resolve("translated/de/stuck.txt.qps.json.error.json"));
        assertThat(scoreReport.path("action").asText()).isEqualTo("QUALITY_ESTIMATION");
        assertThat(scoreReport.path("output").asText()).isEqualTo("score");
        assertThat(HotFolder.awaitJson(folder.outbox.resolve("translated/de/stuck.txt.error.json"))
                .path("action").asText()).isEqualTo("MT_GENERIC_PRETRANSLATE");
        assertThat(phrase.violations()).isEmpty();
    }
}
