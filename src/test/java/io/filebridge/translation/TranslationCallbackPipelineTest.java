package io.filebridge.translation;

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

import com.fasterxml.jackson.databind.JsonNode;
import io.filebridge.FilebridgeApplication;
import io.filebridge.ledger.FileState;
import io.filebridge.ledger.JobLedger;
import io.filebridge.ledger.Ledger;
import io.filebridge.ledger.OutputState;
import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.testsupport.FreePorts;
import io.filebridge.testsupport.HotFolder;
import io.filebridge.sandbox.phrase.PhraseEmulator;
import io.filebridge.sandbox.phrase.PhraseLanguageAi;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Translation with callbacks: the poll interval is an hour, so only the vendor's callback (which makes filebridge
 * re-read the status at once) can bring the outputs within the test's wait. Three languages, nested folders and a
 * locale map; a language ending in ERROR; a callback with an unknown token.
 */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class TranslationCallbackPipelineTest {

    static final PhraseEmulator phrase = new PhraseEmulator().start();
    static final PhraseLanguageAi languageAi = phrase.languageAi();
    static final HotFolder folder = HotFolder.create("translation-callbacks");
    static final int port = FreePorts.forApplication();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "translation.camel.yaml");
        registry.add("server.port", () -> port);
        registry.add("filebridge.public-url", () -> "http://127.0.0.1:" + port);
        PipelineTestSettings.phrase(registry, phrase);
        registry.add("filebridge.tracking.poll-interval", () -> "1h");
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

    /** The server is shared by every test here: one test's failing language must not leak into the next. */
    @BeforeEach
    void resetServerScript() {
        languageAi.resetScript();
    }

    @Test
    void everyLanguageArrivesOnceUnderItsOutputNameAfterTheCallback() throws Exception {
        byte[] original = "Hello, reader.\nSecond line.".getBytes(StandardCharsets.UTF_8);
        folder.drop("manuals/v2/Guide Ü.txt", original);

        JsonNode receipt = folder.awaitJson(folder.outbox.resolve("receipts/manuals/v2/Guide Ü.txt.receipt.json"));
        String uid = receipt.path("vendorId").asText();
        assertThat(receipt.path("vendor").asText()).isEqualTo("phrase-language-ai");
        String callbackUrl = languageAi.job(uid).metadata().path("callbackUrl").asText();
        assertThat(callbackUrl).startsWith("http://127.0.0.1:" + port + "/callbacks/phrase/");
        // the token is the callback's only secret: the receipt (a file in the outbox) shows the URL without it
        String token = callbackUrl.substring(callbackUrl.lastIndexOf('/') + 1);
        assertThat(token).hasSizeGreaterThanOrEqualTo(22);
        assertThat(Files.readString(folder.outbox.resolve("receipts/manuals/v2/Guide Ü.txt.receipt.json")))
                .doesNotContain(token);
        assertThat(receipt.at("/response/metadata/callbackUrl").asText())
                .isEqualTo("http://127.0.0.1:" + port + "/callbacks/phrase/***");
        assertThat(receipt.path("languages")).extracting(JsonNode::asText).containsExactly("cs", "de", "zh_tw");
        assertThat(receipt.path("actionTypes")).extracting(JsonNode::asText)
                .containsExactly("MT_GENERIC_PRETRANSLATE");
        assertThat(ledger.find(receipt.path("ledgerId").asLong()).orElseThrow().state()).isEqualTo(FileState.SUBMITTED);
        folder.awaitDone("manuals/v2/Guide Ü.txt");

        languageAi.completeJob(uid);

        Path translated = folder.outbox.resolve("translated");
        for (String[] lang : new String[][] {{"cs", "cs-CZ"}, {"de", "de"}, {"zh_tw", "zh-Hant"}}) {
            Path output = translated.resolve(lang[1]).resolve("manuals/v2/Guide Ü.txt");
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(output));
            assertThat(Files.readAllBytes(output))
                    .isEqualTo(PhraseLanguageAi.expectedOutput(original, "MT_GENERIC_PRETRANSLATE", lang[0]));
        }
        long ledgerId = receipt.path("ledgerId").asLong();
        await().until(() -> ledger.find(ledgerId).orElseThrow().state() == FileState.COMPLETED);
        for (String lang : new String[] {"cs", "de", "zh_tw"}) {
            assertThat(languageAi.downloadCount(uid, "MT_GENERIC_PRETRANSLATE", lang)).as(lang).isEqualTo(1);
        }
        assertThat(jobs.outputs(ledgerId)).allMatch(o -> o.state() == OutputState.DELIVERED);
        assertThat(phrase.violations()).isEmpty();
        try (var leftovers = Files.walk(translated)) {
            assertThat(leftovers.filter(p -> p.getFileName().toString().startsWith(".tmp-"))).isEmpty();
        }
    }

    @Test
    void aLanguageEndingInErrorGetsAReportAndTheOthersAreDelivered() throws Exception {
        languageAi.failLanguage("de");
        folder.drop("faq.txt", "Questions and answers".getBytes(StandardCharsets.UTF_8));
        JsonNode receipt = folder.awaitJson(folder.outbox.resolve("receipts/faq.txt.receipt.json"));
        String uid = receipt.path("vendorId").asText();

        languageAi.completeJob(uid);

        Path translated = folder.outbox.resolve("translated");
        JsonNode report = HotFolder.awaitJson(translated.resolve("de/faq.txt.error.json"));
        assertThat(report.path("language").asText()).isEqualTo("de");
        assertThat(report.path("error").asText()).contains("ERROR");
        await().until(() -> Files.exists(translated.resolve("cs-CZ/faq.txt"))
                && Files.exists(translated.resolve("zh-Hant/faq.txt")));
        assertThat(translated.resolve("de/faq.txt")).doesNotExist();
        long ledgerId = receipt.path("ledgerId").asLong();
        await().until(() -> ledger.find(ledgerId).orElseThrow().state() == FileState.FAILED);
        assertThat(ledger.find(ledgerId).orElseThrow().lastError()).contains("de (MT_GENERIC_PRETRANSLATE)");
    }

    @Test
    void aCallbackForAKnownTokenIsOnlyAHintWhilePhraseStillSaysRunning() throws Exception {
        folder.drop("still-running.txt", "Not yet".getBytes(StandardCharsets.UTF_8));
        JsonNode receipt = folder.awaitJson(folder.outbox.resolve("receipts/still-running.txt.receipt.json"));
        String uid = receipt.path("vendorId").asText();
        long ledgerId = receipt.path("ledgerId").asLong();
        String callbackUrl = languageAi.job(uid).metadata().path("callbackUrl").asText();
        int pollsBefore = languageAi.job(uid).polls();
        // the body claims every result is OK; only what Phrase answers to the status read counts
        String claim = languageAi.job(uid).responseJson().replace("\"RUNNING\"", "\"OK\"");

        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(callbackUrl))
                .POST(HttpRequest.BodyPublishers.ofString(claim))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        // the hint brought the next look forward (the poll interval is an hour): the status was read again
        await().atMost(Duration.ofSeconds(20)).until(() -> languageAi.job(uid).polls() > pollsBefore);
        assertThat(languageAi.downloads()).noneMatch(d -> d.uid().equals(uid));
        assertThat(ledger.find(ledgerId).orElseThrow().state()).isEqualTo(FileState.SUBMITTED);
        assertThat(jobs.outputs(ledgerId)).hasSize(3).allMatch(o -> o.state() == OutputState.PENDING);
        assertThat(ledger.events(ledgerId)).anyMatch(e -> e.kind().equals(Ledger.CALLBACK));
        assertThat(folder.outbox.resolve("translated/de/still-running.txt")).doesNotExist();

        // the job stays open: when Phrase does finish, its own callback delivers it
        languageAi.completeJob(uid);
        await().atMost(Duration.ofSeconds(20)).until(() -> ledger.find(ledgerId).orElseThrow().state()
                == FileState.COMPLETED);
        assertThat(folder.outbox.resolve("translated/de/still-running.txt")).exists();
        assertThat(phrase.violations()).isEmpty();
    }

    @Test
    void aCallbackWithAnUnknownTokenIsRefusedAndChangesNothing() throws Exception {
        int eventsBefore = ledger.findByPipeline("docs-translation").stream()
                .mapToInt(f -> ledger.events(f.id()).size()).sum();

        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/callbacks/phrase/" + "A".repeat(43)))
                .POST(HttpRequest.BodyPublishers.ofString("{\"uid\":\"forged\"}"))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(ledger.findByPipeline("docs-translation").stream()
                .mapToInt(f -> ledger.events(f.id()).size()).sum()).isEqualTo(eventsBefore);
    }

}
