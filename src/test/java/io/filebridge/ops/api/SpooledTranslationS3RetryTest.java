package io.filebridge.ops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.FilebridgeApplication;
import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.testsupport.HotFolder;
import io.filebridge.sandbox.phrase.PhraseEmulator;
import io.filebridge.sandbox.phrase.PhraseLanguageAi;
import io.filebridge.sandbox.phrase.PhraseLanguageAi.Status;
import io.filebridge.testsupport.S3Server;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The S3 side of a retry from the spool: a translation taken from an S3 prefix whose vendor job failed goes back
 * under the intake prefix (the object the intake had marked done is taken again), only the failed language is
 * ordered again, and its stale report under the S3 target prefix is removed.
 */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SpooledTranslationS3RetryTest {

    static final String MT = "MT_GENERIC_PRETRANSLATE";
    static final String BUCKET = "translations", SOURCES = "sources", OUTPUTS = "translations-from-s3";
    static final PhraseEmulator phrase = new PhraseEmulator().start();
    static final PhraseLanguageAi languageAi = phrase.languageAi().suppressCallbacks();
    static final S3Server s3 = S3Server.start().createBucket(BUCKET).createBucket(SOURCES).createBucket(OUTPUTS);
    static final HotFolder folder = HotFolder.create("ops-spooled-translation-s3-retry");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "translation-s3.camel.yaml");
        registry.add("test.s3target", () -> s3.targetUri(BUCKET, "translated/"));
        registry.add("test.s3receipts", () -> s3.targetUri(BUCKET, null));
        registry.add("test.s3sources", () -> s3.targetUri(SOURCES, "inbox/") + "&includeBody=false"
                + "&autocloseBody=true&deleteAfterRead=true&moveAfterRead=true&destinationBucket=" + SOURCES
                + "&destinationBucketPrefix=processed/&removePrefixOnMove=true&delay=200");
        registry.add("test.s3target2", () -> s3.targetUri(OUTPUTS, "translated/"));
        registry.add("test.s3receipts2", () -> s3.targetUri(OUTPUTS, null));
        PipelineTestSettings.phrase(registry, phrase);
        registry.add("filebridge.tracking.poll-interval", () -> "1s");
        registry.add("filebridge.tracking.spool-dir", () -> folder.root.resolve("spool").toString());
        registry.add("filebridge.ops.password", () -> "");
    }

    @AfterAll
    static void stopServers() {
        phrase.close();
        s3.close();
    }

    @LocalServerPort
    int port;

    @Test
    void aFailedLanguageOfAnS3IntakeTranslationIsRetriedFromTheSpool() throws Exception {
        ApiClient api = new ApiClient(port);
        byte[] original = "Handbuch: Gerät einschalten.\n".getBytes(StandardCharsets.UTF_8);
        s3.client().putObject(r -> r.bucket(SOURCES).key("inbox/manuals/guide.txt"), RequestBody.fromBytes(original));
        String receiptKey = "receipts/manuals/guide.txt.receipt.json";
        await().atMost(Duration.ofSeconds(30)).until(() -> s3.keys(OUTPUTS, "receipts/").contains(receiptKey));
        JsonNode receipt = new ObjectMapper().readTree(s3.read(OUTPUTS, receiptKey));
        long id = receipt.path("ledgerId").asLong();
        String first = receipt.path("vendorId").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> s3.keys(SOURCES, "inbox/").isEmpty());
        languageAi.completeResult(first, MT, "de", Status.OK);
        languageAi.completeResult(first, MT, "ja", Status.ERROR);

        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/jobs/" + id).json().path("retryable")
                .asBoolean());
        String staleReport = "translated/ja/manuals/guide.txt.error.json";
        assertThat(s3.keys(OUTPUTS, "translated/")).contains(staleReport, "translated/de/manuals/guide.txt");

        ApiClient.Answer retry = api.post("/api/jobs/" + id + "/retry");
        assertThat(retry.status()).as(retry.body()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> jobsOf(original).size() == 2);
        PhraseLanguageAi.Job second = jobsOf(original).get(1);
        assertThat(second.metadata().path("targetLangs").findValuesAsText("code")).containsExactly("ja");
        await().atMost(Duration.ofSeconds(10)).until(() -> second.uid().equals(api.get("/api/jobs/" + id).json()
                .path("vendorId").asText()));
        languageAi.completeResult(second.uid(), MT, "ja", Status.OK);

        await().atMost(Duration.ofSeconds(30)).until(() -> "COMPLETED".equals(api.get("/api/jobs/" + id).json()
                .path("state").asText()));
        assertThat(s3.keys(OUTPUTS, "translated/")).containsExactly("translated/de/manuals/guide.txt",
                "translated/ja/manuals/guide.txt");
        assertThat(s3.read(OUTPUTS, "translated/ja/manuals/guide.txt"))
                .isEqualTo(PhraseLanguageAi.expectedOutput(original, MT, "ja"));
        assertThat(languageAi.downloads()).filteredOn(d -> d.language().equals("de"))
                .extracting(PhraseLanguageAi.Download::uid).containsExactly(first);
        assertThat(s3.keys(SOURCES, "inbox/")).isEmpty();
        assertThat(s3.read(SOURCES, "processed/manuals/guide.txt")).isEqualTo(original);
        assertThat(folder.root.resolve("spool/" + id)).doesNotExist();
        assertThat(api.get("/api/jobs/" + id).json().path("timeline").findValuesAsText("kind"))
                .containsSubsequence("FAILED", "RETRY", "RECEIVED", "SUBMITTED", "COMPLETED");
    }

    static List<PhraseLanguageAi.Job> jobsOf(byte[] content) {
        return languageAi.jobs().stream().filter(j -> Arrays.equals(j.content(), content)).toList();
    }
}
