package io.filebridge.ops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.filebridge.FilebridgeApplication;
import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.testsupport.HotFolder;
import io.filebridge.testsupport.S3Server;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;

/** Retry of a job from an S3 intake: the object under failed/ goes back under the intake prefix; same job. */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class S3RetryTest {

    static final String BUCKET = "ops-intake";
    static final SendcloudEmulator sendcloud = new SendcloudEmulator().start();
    static final S3Server s3 = S3Server.start().createBucket(BUCKET);
    static final HotFolder folder = HotFolder.create("ops-s3-retry");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "s3-intake.camel.yaml");
        registry.add("test.s3intake", () -> s3.targetUri(BUCKET, "inbox/") + "&includeBody=false&autocloseBody=true"
                + "&deleteAfterRead=true&moveAfterRead=true&destinationBucket=" + BUCKET
                + "&destinationBucketPrefix=processed/&removePrefixOnMove=true&delay=200");
        registry.add("test.s3receipts", () -> s3.targetUri(BUCKET, null));
        registry.add("filebridge.tracking.spool-dir", () -> folder.root.resolve("spool").toString());
        PipelineTestSettings.sendcloud(registry, sendcloud);
        registry.add("filebridge.vendors.sendcloud.uploads-per-minute", () -> "6000");
        registry.add("filebridge.ops.password", () -> "");
    }

    @AfterAll
    static void stopServers() {
        sendcloud.close();
        s3.close();
    }

    @LocalServerPort
    int port;

    @Test
    void aFailedObjectIsPutBackUnderTheIntakePrefixAndTheSameJobCompletes() {
        ApiClient api = new ApiClient(port);
        sendcloud.respondSendcloudError(413, "content_too_large", "File is too large.", "Content Too Large");
        byte[] content = "pretend this is large".getBytes(StandardCharsets.UTF_8);
        s3.client().putObject(r -> r.bucket(BUCKET).key("inbox/big/huge scan.pdf"), RequestBody.fromBytes(content));
        await().atMost(Duration.ofSeconds(30)).until(() -> s3.keys(BUCKET, "failed/big/").size() == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/jobs?state=FAILED").json().path("total")
                .asLong() == 1);
        JsonNode failed = api.get("/api/jobs?state=FAILED").json().path("items").get(0);
        assertThat(failed.path("retryable").asBoolean()).isTrue();
        long id = failed.path("id").asLong();

        ApiClient.Answer retry = api.post("/api/jobs/" + id + "/retry");

        assertThat(retry.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> "COMPLETED".equals(api.get("/api/jobs/" + id).json()
                .path("state").asText()));
        await().atMost(Duration.ofSeconds(20)).until(() -> s3.keys(BUCKET, "processed/big/").size() == 1);
        assertThat(s3.read(BUCKET, "processed/big/huge scan.pdf")).isEqualTo(content);
        assertThat(s3.keys(BUCKET, "failed/")).as("failed copy and report are gone").isEmpty();
        assertThat(api.get("/api/jobs").json().path("total").asLong()).as("the same job, no new one").isEqualTo(1);
        assertThat(sendcloud.uploads()).filteredOn(u -> u.sha256().equals(HotFolder.sha256(content))).hasSize(1);
        List<String> kinds = api.get("/api/jobs/" + id).json().path("timeline").findValuesAsText("kind");
        assertThat(kinds).containsSubsequence("FAILED", "RETRY", "RECEIVED", "ATTEMPT", "COMPLETED");

        JsonNode pipeline = api.get("/api/pipelines").json().get(0);
        assertThat(pipeline.path("source").asText()).startsWith("aws2-s3:").doesNotContain(S3Server.SECRET_KEY);
        assertThat(pipeline.path("vendor").asText()).isEqualTo("sendcloud");
    }
}
