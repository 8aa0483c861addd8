package io.filebridge.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.FilebridgeApplication;
import io.filebridge.ledger.FileState;
import io.filebridge.ledger.JobLedger;
import io.filebridge.ledger.Ledger;
import io.filebridge.ledger.OutputEntry;
import io.filebridge.ledger.OutputState;
import io.filebridge.ops.api.JobRetry;
import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.sandbox.phrase.PhraseEmulator;
import io.filebridge.sandbox.phrase.PhraseLanguageAi;
import io.filebridge.sandbox.phrase.PhraseLanguageAi.Download;
import io.filebridge.sandbox.phrase.PhraseLanguageAi.Status;
import io.filebridge.testsupport.FreePorts;
import io.filebridge.testsupport.HotFolder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The order's options end to end against the contract server, which checks every request: translation memories with
 * an MT profile, QUALITY_ESTIMATION alone (translated file and score both from the QE endpoint), and MT with QE where
 * only the score fails. filebridge has a public URL, so every job carries a callback URL, but the server never calls
 * back: polling alone delivers.
 */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class TranslationOptionsPipelineTest {

    static final String MT = "MT_GENERIC_PRETRANSLATE";
    static final String QE = "QUALITY_ESTIMATION";
    static final PhraseEmulator phrase = new PhraseEmulator().start();
    static final PhraseLanguageAi languageAi = phrase.languageAi().suppressCallbacks();
    static final HotFolder folder = HotFolder.create("translation-options");
    static final int port = FreePorts.forApplication();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "translation-options.camel.yaml");
        registry.add("server.port", () -> port);
        registry.add("filebridge.public-url", () -> "http://127.0.0.1:" + port);
        PipelineTestSettings.phrase(registry, phrase);
        registry.add("filebridge.tracking.poll-interval", () -> "1s");
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
    @Autowired
    JobRetry retry;

    @Test
    void translationMemoriesAndAnMtProfileReachPhraseInTheContractsShapeAndPollingDeliversWithoutCallbacks()
            throws Exception {
        byte[] original = "Use the memory.".getBytes(StandardCharsets.UTF_8);
        folder.drop("memories/guide.txt", original);
        JsonNode receipt = HotFolder.awaitJson(folder.outbox.resolve("receipts/memories/guide.txt.receipt.json"));
        String uid = receipt.path("vendorId").asText();
        long ledgerId = receipt.path("ledgerId").asLong();

        JsonNode metadata = languageAi.job(uid).metadata();
        assertThat(metadata.path("transMemoriesConfig")).isEqualTo(new ObjectMapper().readTree("""
                [{"targetLang":{"code":"cs"},"transMemories":[{"transMemory":{"uid":"tm-1"}},{"transMemory":{"uid":"tm-2"}}]},
                 {"targetLang":{"code":"de"},"transMemories":[{"transMemory":{"uid":"tm-3"}}]}]"""));
        assertThat(metadata.path("mtSettings")).isEqualTo(new ObjectMapper().readTree("""
                {"usePhraseMTSettings":true,"profile":{"uid":"CFUki8ptanoz1WAIYoXSH4"}}"""));
        assertThat(metadata.path("callbackUrl").asText()).startsWith("http://127.0.0.1:" + port + "/callbacks/phrase/");
        assertThat(phrase.violations()).isEmpty();

        languageAi.completeJob(uid);

        await().atMost(Duration.ofSeconds(20)).until(() -> ledger.find(ledgerId).orElseThrow().state()
                == FileState.COMPLETED);
        Path translated = folder.outbox.resolve("memories");
        assertThat(translated.resolve("cs-CZ/guide.txt")).hasBinaryContent(PhraseLanguageAi.expectedOutput(original,
                MT, "cs"));
        assertThat(translated.resolve("de/guide.txt")).hasBinaryContent(PhraseLanguageAi.expectedOutput(original,
                MT, "de"));
        assertThat(languageAi.callbacks()).as("the server never called back").isEmpty();
        assertThat(ledger.events(ledgerId)).noneMatch(e -> e.kind().equals(Ledger.CALLBACK));
        assertThat(phrase.violations()).isEmpty();
    }

    @Test
    void qualityEstimationAloneDeliversEachTranslationAndItsScoreFromTheQualityEstimationEndpoint() throws Exception {
        byte[] original = "Estimate me.\nTwice.".getBytes(StandardCharsets.UTF_8);
        folder.drop("qe/docs/report.txt", original);
        JsonNode receipt = HotFolder.awaitJson(folder.outbox.resolve("receipts/qe/docs/report.txt.receipt.json"));
        String uid = receipt.path("vendorId").asText();
        long ledgerId = receipt.path("ledgerId").asLong();
        assertThat(languageAi.job(uid).metadata().path("actionTypes").toString()).isEqualTo("[\"" + QE + "\"]");

        languageAi.completeJob(uid);

        await().atMost(Duration.ofSeconds(20)).until(() -> ledger.find(ledgerId).orElseThrow().state()
                == FileState.COMPLETED);
        Path target = folder.outbox.resolve("qe");
        for (String[] lang : new String[][] {{"cs", "cs-CZ"}, {"de", "de"}}) {
            assertThat(target.resolve(lang[1] + "/docs/report.txt"))
                    .hasBinaryContent(PhraseLanguageAi.expectedOutput(original, QE, lang[0]));
            assertThat(HotFolder.awaitJson(target.resolve(lang[1] + "/docs/report.txt.qps.json")).path("score")
                    .asDouble()).isEqualTo(PhraseLanguageAi.expectedScore(lang[0]));
            // one download per output: the file as octet-stream, the score as JSON, both from the QE endpoint
            assertThat(languageAi.downloads()).filteredOn(d -> d.uid().equals(uid) && d.language().equals(lang[0]))
                    .extracting(Download::actionType, Download::accept)
                    .containsExactlyInAnyOrder(tuple(QE, "application/octet-stream"),
                            tuple(QE, "application/json"));
        }
        assertThat(jobs.outputs(ledgerId)).allMatch(o -> o.state() == OutputState.DELIVERED)
                .extracting(OutputEntry::actionType, OutputEntry::targetLang, OutputEntry::outputPath)
                .containsExactlyInAnyOrder(
                        tuple(QE + ":file", "cs", "cs-CZ/docs/report.txt"),
                        tuple(QE + ":file", "de", "de/docs/report.txt"),
                        tuple(QE, "cs", "cs-CZ/docs/report.txt.qps.json"),
                        tuple(QE, "de", "de/docs/report.txt.qps.json"));
        assertThat(phrase.violations()).isEmpty();
    }

    @Test
    void aFailedScoreHasItsOwnReportBesideTheGoodTranslationAndItsRetryOrdersOnlyTheScore() throws Exception {
        byte[] original = "Score me.".getBytes(StandardCharsets.UTF_8);
        folder.drop("scored/faq.txt", original);
        JsonNode receipt = HotFolder.awaitJson(folder.outbox.resolve("receipts/scored/faq.txt.receipt.json"));
        String first = receipt.path("vendorId").asText();
        long ledgerId = receipt.path("ledgerId").asLong();
        languageAi.completeResult(first, MT, "cs", Status.OK);
        languageAi.completeResult(first, MT, "de", Status.OK);
        languageAi.completeResult(first, QE, "cs", Status.OK);
        languageAi.completeResult(first, QE, "de", Status.ERROR);

        await().atMost(Duration.ofSeconds(20)).until(() -> ledger.find(ledgerId).orElseThrow().state()
                == FileState.FAILED);
        Path target = folder.outbox.resolve("scored");
        assertThat(ledger.find(ledgerId).orElseThrow().lastError()).isEqualTo("languages failed: de (" + QE + ")");
        assertThat(target.resolve("de/faq.txt")).hasBinaryContent(PhraseLanguageAi.expectedOutput(original, MT, "de"));
        Path scoreReport = target.resolve("de/faq.txt.qps.json.error.json");
        JsonNode report = HotFolder.awaitJson(scoreReport);
        assertThat(report.path("action").asText()).isEqualTo(QE);
        assertThat(report.path("output").asText()).isEqualTo("score");
        assertThat(target.resolve("de/faq.txt.error.json")).as("the good translation has no report").doesNotExist();
        assertThat(target.resolve("de/faq.txt.qps.json")).doesNotExist();

        HotFolder.awaitExists(folder.inbox.resolve("scored/.done/faq.txt"));

        retry.retry(ledgerId, "test");

        await().atMost(Duration.ofSeconds(20)).until(() -> languageAi.jobs().stream()
                .filter(j -> java.util.Arrays.equals(j.content(), original)).count() == 2);
        PhraseLanguageAi.Job second = languageAi.jobs().stream()
                .filter(j -> java.util.Arrays.equals(j.content(), original)).toList().get(1);
        assertThat(second.metadata().path("actionTypes").toString()).isEqualTo("[\"" + QE + "\"]");
        assertThat(second.metadata().path("targetLangs").findValuesAsText("code")).containsExactly("de");
        await().atMost(Duration.ofSeconds(10)).until(() -> !java.nio.file.Files.exists(scoreReport));
        languageAi.completeJob(second.uid());

        await().atMost(Duration.ofSeconds(20)).until(() -> ledger.find(ledgerId).orElseThrow().state()
                == FileState.COMPLETED);
        assertThat(HotFolder.awaitJson(target.resolve("de/faq.txt.qps.json")).path("score").asDouble())
                .isEqualTo(PhraseLanguageAi.expectedScore("de"));
        // the retry fetched only the score: the translation MT delivered is not fetched again, from MT or from QE
        assertThat(languageAi.downloads()).filteredOn(d -> d.uid().equals(second.uid()))
                .extracting(Download::actionType, Download::language, Download::accept)
                .containsExactly(tuple(QE, "de", "application/json"));
        assertThat(jobs.outputs(ledgerId)).hasSize(4).allMatch(o -> o.state() == OutputState.DELIVERED)
                .extracting(OutputEntry::actionType).containsOnly(MT, QE);
        assertThat(phrase.violations()).isEmpty();
    }

}
