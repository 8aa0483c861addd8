package io.filebridge.ops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.filebridge.FilebridgeApplication;
import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.sandbox.phrase.PhraseEmulator;
import io.filebridge.sandbox.phrase.PhraseLanguageAi;
import io.filebridge.sandbox.phrase.PhraseLanguageAi.Status;
import io.filebridge.testsupport.HotFolder;
import io.filebridge.translation.SpoolFolder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A translation whose vendor job failed after submission (one language came back ERROR) is retried from the
 * original kept in the spool: the same job asks Phrase again for the failed language only, the languages delivered
 * before are not fetched again, and the spool is clean once the job completes.
 */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SpooledTranslationRetryTest {

    static final String MT = "MT_GENERIC_PRETRANSLATE";
    static final PhraseEmulator phrase = new PhraseEmulator().start();
    static final PhraseLanguageAi languageAi = phrase.languageAi().suppressCallbacks();
    static final HotFolder folder = HotFolder.create("ops-spooled-translation-retry");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "translation.camel.yaml");
        registry.add("test.targetLangs", () -> "cs,de,zh_tw");
        PipelineTestSettings.phrase(registry, phrase);
        registry.add("filebridge.tracking.poll-interval", () -> "1s");
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
    void aJobWithAFailedLanguageIsRetriedFromTheSpoolAndAsksOnlyForThatLanguage() throws Exception {
        ApiClient api = new ApiClient(port);
        byte[] original = "Release notes\n".getBytes(StandardCharsets.UTF_8);
        folder.drop("notes/release.txt", original);
        JsonNode receipt = HotFolder.awaitJson(folder.outbox.resolve("receipts/notes/release.txt.receipt.json"));
        long id = receipt.path("ledgerId").asLong();
        String first = receipt.path("vendorId").asText();
        languageAi.completeResult(first, MT, "cs", Status.OK);
        languageAi.completeResult(first, MT, "zh_tw", Status.OK);
        languageAi.completeResult(first, MT, "de", Status.ERROR);

        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(api.get("/api/jobs/" + id).json()
                .path("state").asText()));
        Path translated = folder.outbox.resolve("translated");
        Path staleReport = translated.resolve("de/notes/release.txt.error.json");
        assertThat(HotFolder.awaitJson(staleReport).path("job").asText()).isEqualTo(first);
        Path spooled = folder.root.resolve("spool/" + id + "/original");
        assertThat(spooled).as("the original waits in the spool for a retry").hasBinaryContent(original);
        JsonNode failed = api.get("/api/jobs/" + id).json();
        assertThat(failed.path("retryable").asBoolean()).isTrue();
        assertThat(failed.path("lastError").asText()).contains("de (MT_GENERIC_PRETRANSLATE)");
        HotFolder.awaitExists(folder.done("notes/release.txt"));

        ApiClient.Answer retry = api.post("/api/jobs/" + id + "/retry");
        assertThat(retry.status()).as(retry.body()).isEqualTo(202);

        // the other test's jobs share the server: this file's jobs are those with its content
        await().atMost(Duration.ofSeconds(30)).until(() -> jobsOf(original).size() == 2);
        PhraseLanguageAi.Job second = jobsOf(original).get(1);
        assertThat(jobsOf(original).get(0).uid()).isEqualTo(first);
        assertThat(second.metadata().path("targetLangs").findValuesAsText("code")).containsExactly("de");
        assertThat(second.content()).isEqualTo(original);
        await().atMost(Duration.ofSeconds(10)).until(() -> second.uid().equals(api.get("/api/jobs/" + id).json()
                .path("vendorId").asText()));
        assertThat(staleReport).as("the report of the retried language goes with the resubmission").doesNotExist();
        languageAi.completeResult(second.uid(), MT, "de", Status.OK);

        await().atMost(Duration.ofSeconds(30)).until(() -> "COMPLETED".equals(api.get("/api/jobs/" + id).json()
                .path("state").asText()));
        JsonNode job = api.get("/api/jobs/" + id).json();
        assertThat(job.path("retryable").asBoolean()).isFalse();
        assertThat(job.path("outputs").findValuesAsText("state")).containsExactly("DELIVERED", "DELIVERED",
                "DELIVERED");
        assertThat(job.path("outputs").findValuesAsText("location")).containsExactlyInAnyOrder(
                "cs-CZ/notes/release.txt", "de/notes/release.txt", "zh-Hant/notes/release.txt");
        assertThat(translated.resolve("de/notes/release.txt"))
                .hasBinaryContent(PhraseLanguageAi.expectedOutput(original, MT, "de"));
        assertThat(translated.resolve("cs-CZ/notes/release.txt"))
                .hasBinaryContent(PhraseLanguageAi.expectedOutput(original, MT, "cs"));
        for (String language : List.of("cs", "zh_tw")) {
            assertThat(languageAi.downloads()).as(language + " is fetched once, from the first job")
                    .filteredOn(d -> d.language().equals(language))
                    .filteredOn(d -> d.uid().equals(first) || d.uid().equals(second.uid()))
                    .extracting(PhraseLanguageAi.Download::uid).containsExactly(first);
        }
        assertThat(languageAi.downloads()).filteredOn(d -> d.uid().equals(second.uid()))
                .extracting(PhraseLanguageAi.Download::language).containsExactly("de");
        assertThat(staleReport).doesNotExist();
        assertThat(folder.root.resolve("spool/" + id)).as("the spool is clean once the job completes")
                .doesNotExist();
        assertThat(job.path("timeline").findValuesAsText("kind")).containsSubsequence("SUBMITTED", "FAILED",
                "RETRY", "RECEIVED", "SUBMITTED", "COMPLETED");
        assertThat(api.get("/api/jobs?pipeline=docs-translation").json().path("items").findValuesAsText("relativePath"))
                .containsOnlyOnce("notes/release.txt");
    }

    static List<PhraseLanguageAi.Job> jobsOf(byte[] content) {
        return languageAi.jobs().stream().filter(j -> java.util.Arrays.equals(j.content(), content)).toList();
    }

    @Test
    void aRetryWhoseSpooledOriginalWasDeletedByHandIsRefusedWithTheReason() throws Exception {
        ApiClient api = new ApiClient(port);
        folder.drop("lost.txt", "gone soon\n".getBytes(StandardCharsets.UTF_8));
        JsonNode receipt = HotFolder.awaitJson(folder.outbox.resolve("receipts/lost.txt.receipt.json"));
        long id = receipt.path("ledgerId").asLong();
        String uid = receipt.path("vendorId").asText();
        languageAi.completeResult(uid, MT, "cs", Status.ERROR);
        languageAi.completeResult(uid, MT, "de", Status.OK);
        languageAi.completeResult(uid, MT, "zh_tw", Status.OK);
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/jobs/" + id).json().path("retryable")
                .asBoolean());
        Path spooled = folder.root.resolve("spool/" + id + "/original");
        assertThat(spooled).exists();
        SpoolFolder.delete(spooled); // what an operator cleaning the spool by hand does

        ApiClient.Answer retry = api.post("/api/jobs/" + id + "/retry");

        assertThat(retry.status()).isEqualTo(409);
        assertThat(retry.body()).contains("spooled original").contains("is gone").contains("Drop the file into the"
                + " intake again");
        JsonNode job = api.get("/api/jobs/" + id).json();
        assertThat(job.path("state").asText()).isEqualTo("FAILED");
        assertThat(job.path("timeline").findValuesAsText("kind")).doesNotContain("RETRY");
        assertThat(folder.inbox.resolve("lost.txt")).doesNotExist();
        assertThat(Files.exists(folder.root.resolve("spool/" + id))).isFalse();
    }
}
