package io.filebridge.ops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

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

/** A translation whose submission failed is retried from .failed like an upload, and its outputs are delivered. */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TranslationRetryTest {

    static final PhraseEmulator phrase = new PhraseEmulator().start();
    static final PhraseLanguageAi languageAi = phrase.languageAi().suppressCallbacks().completeAfterPolls(1);
    static final HotFolder folder = HotFolder.create("ops-translation-retry");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "translation.camel.yaml");
        registry.add("test.targetLangs", () -> "cs,de");
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
    void aFailedSubmissionIsRetriedAndTheSameJobDeliversEveryLanguage() throws Exception {
        ApiClient api = new ApiClient(port);
        phrase.respondProblem(400, "Bad Request", "scripted refusal");
        folder.drop("guide.txt", "Hello\nWorld\n");
        folder.awaitErrorReport("guide.txt");
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/jobs?state=FAILED").json().path("total")
                .asLong() == 1);
        long id = api.get("/api/jobs?state=FAILED").json().path("items").get(0).path("id").asLong();
        // no job started, so nothing needs the spooled copy: the retry sends the input from .failed
        assertThat(folder.root.resolve("spool/" + id)).doesNotExist();
        assertThat(folder.failed("guide.txt")).exists();

        assertThat(api.post("/api/jobs/" + id + "/retry").status()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> "COMPLETED".equals(api.get("/api/jobs/" + id).json()
                .path("state").asText()));
        JsonNode job = api.get("/api/jobs/" + id).json();
        assertThat(job.path("vendor").asText()).isEqualTo("phrase-language-ai");
        assertThat(job.path("outputs").findValuesAsText("language")).containsExactlyInAnyOrder("cs", "de");
        assertThat(job.path("outputs").findValuesAsText("state")).containsOnly("DELIVERED");
        assertThat(job.path("outputs").findValuesAsText("location")).containsExactlyInAnyOrder("cs-CZ/guide.txt", "de/guide.txt");
        List<String> kinds = job.path("timeline").findValuesAsText("kind");
        assertThat(kinds).containsSubsequence("FAILED", "RETRY", "RECEIVED", "SUBMITTED", "COMPLETED");
        assertThat(folder.failed("guide.txt")).doesNotExist();
        assertThat(folder.errorReport("guide.txt")).doesNotExist();
        HotFolder.awaitExists(folder.done("guide.txt"));
        assertThat(api.get("/api/jobs").json().path("total").asLong()).isEqualTo(1);
        assertThat(languageAi.jobs()).hasSize(1);
    }
}
