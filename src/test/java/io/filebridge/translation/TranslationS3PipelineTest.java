package io.filebridge.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.FilebridgeApplication;
import io.filebridge.ledger.FileState;
import io.filebridge.ledger.Ledger;
import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.testsupport.HotFolder;
import io.filebridge.sandbox.phrase.PhraseEmulator;
import io.filebridge.sandbox.phrase.PhraseLanguageAi;
import io.filebridge.testsupport.S3Server;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Translation outputs delivered to an S3 bucket under a prefix, keeping the relative path; receipts to S3 too. */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class)
class TranslationS3PipelineTest {

    static final String BUCKET = "translations";
    static final PhraseEmulator phrase = new PhraseEmulator().start();
    static final PhraseLanguageAi languageAi = phrase.languageAi().suppressCallbacks();
    static final String SOURCES = "sources", OUTPUTS = "translations-from-s3";
    static final S3Server s3 = S3Server.start().createBucket(BUCKET).createBucket(SOURCES).createBucket(OUTPUTS);
    static final HotFolder folder = HotFolder.create("translation-s3");

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
    }

    @AfterAll
    static void stopServers() {
        phrase.close();
        s3.close();
    }

    @Autowired
    Ledger ledger;

    @Test
    void everyLanguageLandsUnderThePrefixByteExactAndIsDownloadedOnce() throws Exception {
        byte[] original = "Příručka: zapněte přístroj.\n".getBytes(StandardCharsets.UTF_8);
        folder.drop("manuals/guide.docx", original);

        String receiptKey = "receipts/manuals/guide.docx.receipt.json";
        await().atMost(Duration.ofSeconds(20)).until(() -> s3.keys(BUCKET, "receipts/").contains(receiptKey));
        JsonNode receipt = new ObjectMapper().readTree(s3.read(BUCKET, receiptKey));
        String uid = receipt.path("vendorId").asText();
        assertThat(uid).isNotBlank();

        languageAi.completeJob(uid);

        String[][] languages = {{"cs", "cs-CZ"}, {"de", "de"}, {"zh_tw", "zh-Hant"}};
        await().atMost(Duration.ofSeconds(30)).until(() -> s3.keys(BUCKET, "translated/").size() == 3);
        assertThat(s3.keys(BUCKET, "translated/")).containsExactly("translated/cs-CZ/manuals/guide.docx",
                "translated/de/manuals/guide.docx", "translated/zh-Hant/manuals/guide.docx");
        for (String[] lang : languages) {
            assertThat(s3.read(BUCKET, "translated/" + lang[1] + "/manuals/guide.docx")).as(lang[0])
                    .isEqualTo(PhraseLanguageAi.expectedOutput(original, "MT_GENERIC_PRETRANSLATE", lang[0]));
        }
        long ledgerId = receipt.path("ledgerId").asLong();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> ledger.find(ledgerId).orElseThrow().state() == FileState.COMPLETED);
        for (String[] lang : languages) {
            assertThat(languageAi.downloadCount(uid, "MT_GENERIC_PRETRANSLATE", lang[0])).as(lang[0]).isEqualTo(1);
        }
        assertThat(s3.keys(BUCKET, "")).as("nothing outside the prefixes").allMatch(
                k -> k.startsWith("translated/") || k.startsWith("receipts/"));
        assertThat(folder.root.resolve("spool/" + ledgerId)).doesNotExist();
    }

    @Test
    void anObjectFromAnS3IntakeIsTranslatedIntoEveryLanguageUnderTheS3TargetPrefix() throws Exception {
        byte[] original = "Handbuch: Gerät einschalten.\n".getBytes(StandardCharsets.UTF_8);
        s3.client().putObject(r -> r.bucket(SOURCES).key("inbox/manuals/Übersicht 日本.docx"),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(original));

        String receiptKey = "receipts/manuals/Übersicht 日本.docx.receipt.json";
        await().atMost(Duration.ofSeconds(30)).until(() -> s3.keys(OUTPUTS, "receipts/").contains(receiptKey));
        JsonNode receipt = new ObjectMapper().readTree(s3.read(OUTPUTS, receiptKey));
        assertThat(receipt.path("pipeline").asText()).isEqualTo("docs-translation-from-s3");
        String uid = receipt.path("vendorId").asText();
        assertThat(uid).isNotBlank();
        // the original leaves the intake once the job is submitted; the job keeps its own spooled copy
        await().atMost(Duration.ofSeconds(20)).until(() -> s3.keys(SOURCES, "inbox/").isEmpty());
        assertThat(s3.read(SOURCES, "processed/manuals/Übersicht 日本.docx")).isEqualTo(original);

        languageAi.completeJob(uid);

        await().atMost(Duration.ofSeconds(30)).until(() -> s3.keys(OUTPUTS, "translated/").size() == 2);
        assertThat(s3.keys(OUTPUTS, "translated/")).containsExactly("translated/de/manuals/Übersicht 日本.docx",
                "translated/ja/manuals/Übersicht 日本.docx");
        for (String lang : new String[] {"de", "ja"}) {
            assertThat(s3.read(OUTPUTS, "translated/" + lang + "/manuals/Übersicht 日本.docx")).as(lang)
                    .isEqualTo(PhraseLanguageAi.expectedOutput(original, "MT_GENERIC_PRETRANSLATE", lang));
            assertThat(languageAi.downloadCount(uid, "MT_GENERIC_PRETRANSLATE", lang)).as(lang).isEqualTo(1);
        }
        long ledgerId = receipt.path("ledgerId").asLong();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> ledger.find(ledgerId).orElseThrow().state() == FileState.COMPLETED);
        assertThat(s3.keys(SOURCES, "")).allMatch(k -> k.startsWith("processed/"));
    }
}
