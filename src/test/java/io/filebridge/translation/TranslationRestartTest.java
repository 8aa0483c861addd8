package io.filebridge.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.filebridge.FilebridgeApplication;
import io.filebridge.ledger.FileState;
import io.filebridge.ledger.Ledger;
import io.filebridge.sandbox.phrase.PhraseEmulator;
import io.filebridge.sandbox.phrase.PhraseLanguageAi;
import io.filebridge.sandbox.phrase.PhraseLanguageAi.Status;
import io.filebridge.testsupport.HotFolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * filebridge stopped while translation jobs run and started again: every output is delivered exactly once, and jobs
 * that grew past the age limit meanwhile are delivered when Phrase finished them. Each test has its own folder,
 * ledger and server.
 */
class TranslationRestartTest {

    static final PhraseEmulator phrase = new PhraseEmulator().start();
    static final PhraseLanguageAi languageAi = phrase.languageAi().suppressCallbacks();
    static final HotFolder folder = HotFolder.create("translation-restart");
    static final PhraseEmulator phraseAfterDowntime = new PhraseEmulator().start();
    static final HotFolder downtimeFolder = HotFolder.create("translation-restart-downtime");

    @AfterAll
    static void stopServer() {
        phrase.close();
        phraseAfterDowntime.close();
    }

    @Test
    void aJobHalfDeliveredBeforeAStopIsFinishedAfterTheStartWithoutRepeats() throws Exception {
        byte[] original = "Restart me".getBytes(StandardCharsets.UTF_8);
        Path translated = folder.outbox.resolve("translated");
        String uid;
        long ledgerId;
        try (ConfigurableApplicationContext first = start(folder, phrase, Map.of())) {
            folder.drop("guide.txt", original);
            JsonNode receipt = HotFolder.awaitJson(folder.outbox.resolve("receipts/guide.txt.receipt.json"));
            uid = receipt.path("vendorId").asText();
            ledgerId = receipt.path("ledgerId").asLong();
            languageAi.completeResult(uid, "MT_GENERIC_PRETRANSLATE", "cs", Status.OK);
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(translated.resolve("cs-CZ/guide.txt")));
        }
        // while filebridge is down, the other languages finish
        languageAi.completeJob(uid);

        try (ConfigurableApplicationContext second = start(folder, phrase, Map.of())) {
            Ledger ledger = second.getBean(Ledger.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> ledger.find(ledgerId).orElseThrow().state()
                    == FileState.COMPLETED);
        }

        for (String[] lang : new String[][] {{"cs", "cs-CZ"}, {"de", "de"}, {"zh_tw", "zh-Hant"}}) {
            assertThat(Files.readAllBytes(translated.resolve(lang[1] + "/guide.txt")))
                    .isEqualTo(PhraseLanguageAi.expectedOutput(original, "MT_GENERIC_PRETRANSLATE", lang[0]));
            assertThat(languageAi.downloadCount(uid, "MT_GENERIC_PRETRANSLATE", lang[0])).as(lang[0]).isEqualTo(1);
        }
        assertThat(languageAi.jobs()).hasSize(1); // never resubmitted
        assertThat(phrase.violations()).isEmpty();
    }

    @Test
    void afterDowntimeAJobPastTheAgeLimitIsDeliveredWhenPhraseFinishedItAndOnlyAStillRunningOneFails()
            throws Exception {
        PhraseLanguageAi server = phraseAfterDowntime.languageAi().suppressCallbacks();
        byte[] finished = "Finished while we were down".getBytes(StandardCharsets.UTF_8);
        Path translated = downtimeFolder.outbox.resolve("translated");
        String finishedUid;
        long finishedId;
        long stuckId;
        try (ConfigurableApplicationContext first = start(downtimeFolder, phraseAfterDowntime, Map.of())) {
            downtimeFolder.drop("finished.txt", finished);
            downtimeFolder.drop("stuck.txt", "Still running".getBytes(StandardCharsets.UTF_8));
            JsonNode receipt = HotFolder.awaitJson(downtimeFolder.outbox.resolve("receipts/finished.txt.receipt.json"));
            finishedUid = receipt.path("vendorId").asText();
            finishedId = receipt.path("ledgerId").asLong();
            stuckId = HotFolder.awaitJson(downtimeFolder.outbox.resolve("receipts/stuck.txt.receipt.json"))
                    .path("ledgerId").asLong();
            downtimeFolder.awaitDone("finished.txt");
            downtimeFolder.awaitDone("stuck.txt");
        }
        // while filebridge is down, Phrase finishes one job; the other is still running when it comes back
        server.completeJob(finishedUid);

        // every job is past the age limit at the first look after the start
        try (ConfigurableApplicationContext second = start(downtimeFolder, phraseAfterDowntime,
                Map.of("filebridge.tracking.max-job-age", "1ms"))) {
            Ledger ledger = second.getBean(Ledger.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> ledger.find(finishedId).orElseThrow().state()
                    == FileState.COMPLETED && ledger.find(stuckId).orElseThrow().state() == FileState.FAILED);
            assertThat(ledger.find(stuckId).orElseThrow().lastError()).contains("cs (MT_GENERIC_PRETRANSLATE)")
                    .contains("de (MT_GENERIC_PRETRANSLATE)").contains("zh_tw (MT_GENERIC_PRETRANSLATE)");
        }

        for (String[] lang : new String[][] {{"cs", "cs-CZ"}, {"de", "de"}, {"zh_tw", "zh-Hant"}}) {
            assertThat(translated.resolve(lang[1] + "/finished.txt"))
                    .hasBinaryContent(PhraseLanguageAi.expectedOutput(finished, "MT_GENERIC_PRETRANSLATE", lang[0]));
            assertThat(translated.resolve(lang[1] + "/finished.txt.error.json")).doesNotExist();
            JsonNode report = HotFolder.awaitJson(translated.resolve(lang[1] + "/stuck.txt.error.json"));
            assertThat(report.path("error").asText()).contains("max-job-age (1 ms)");
            assertThat(translated.resolve(lang[1] + "/stuck.txt")).doesNotExist();
        }
        assertThat(phraseAfterDowntime.violations()).isEmpty();
    }

    private static ConfigurableApplicationContext start(HotFolder folder, PhraseEmulator phrase,
            Map<String, String> extra) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("camel.main.routes-include-pattern", "classpath:pipelines/translation.camel.yaml");
        props.put("test.inbox", folder.inbox.toString());
        props.put("test.outbox", folder.outbox.toString());
        props.put("spring.datasource.url", "jdbc:h2:file:" + folder.root.resolve("ledger/filebridge")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        props.put("filebridge.intake.quiet-period", "300ms");
        props.put("filebridge.vendors.phrase.base-url", phrase.baseUrl());
        props.put("filebridge.vendors.phrase.api-token", PhraseEmulator.API_TOKEN);
        props.put("filebridge.tracking.poll-interval", "1s");
        props.put("filebridge.tracking.spool-dir", folder.root.resolve("spool").toString());
        props.put("filebridge.public-url", "");
        props.put("server.port", "0");
        props.put("spring.main.banner-mode", "off");
        props.putAll(extra);
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(FilebridgeApplication.class).run(args);
    }
}
