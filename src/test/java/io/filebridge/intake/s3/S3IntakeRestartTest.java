package io.filebridge.intake.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.ledger.S3Objects;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.testsupport.HotFolder;
import io.filebridge.testsupport.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * filebridge stopped and started again on the same ledger file while the same S3 objects come back: the ledger, not
 * memory, decides, so nothing is uploaded a second time and every object still ends under processed/.
 */
class S3IntakeRestartTest {

    static final String BUCKET = "restart";
    static final String PIPELINE = "sendcloud-s3-test";
    static final SendcloudEmulator sendcloud = new SendcloudEmulator().start();
    static final S3Server s3 = S3Server.start().createBucket(BUCKET);
    static final HotFolder folder = HotFolder.create("s3-restart");
    static final String DB = "jdbc:h2:file:" + folder.root.resolve("ledger/filebridge")
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";

    @AfterAll
    static void stopServers() {
        sendcloud.close();
        s3.close();
    }

    @Test
    void objectsPutBackOrLeftClaimedByAStopAreNotUploadedAgainAndEndInProcessed() throws Exception {
        Map<String, byte[]> objects = new LinkedHashMap<>();
        for (String path : List.of("a.txt", "Übersicht/b – 日本語.csv", "deep/er/c 😀.json", "d.pdf", "e.png")) {
            objects.put(path, (path + " restart content\n").repeat(50).getBytes(StandardCharsets.UTF_8));
        }
        Map<String, String> etags = new LinkedHashMap<>();
        try (ConfigurableApplicationContext first = start()) {
            objects.forEach((path, content) -> etags.put(path, put(path, content)));
            awaitAllProcessed(objects.keySet());
            S3Objects ledger = first.getBean(S3Objects.class);
            for (String path : objects.keySet()) {
                await().atMost(Duration.ofSeconds(10)).until(() -> ledger.find(PIPELINE, BUCKET, "inbox/" + path,
                        etags.get(path)).orElseThrow().done());
            }
        }
        assertThat(sendcloud.uploads()).hasSize(objects.size());

        // A stop between the upload and the consumer's move leaves a DONE object under inbox/: put them all back,
        // same key and content, so the same ETag (that is what a stop before the move looks like afterwards)
        objects.forEach((path, content) -> assertThat(put(path, content)).isEqualTo(etags.get(path)));
        // A stop before DONE was even written leaves a claim of a gone instance: make "d.pdf" look like that
        String crashed = "d.pdf";
        new JdbcTemplate(new DriverManagerDataSource(DB, "sa", "")).update("update fb_s3_object set outcome = 'CLAIMED',"
                + " instance_id = 'crashed-node', lease_until = claimed_at, finished_at = null where object_key = ?",
                "inbox/" + crashed);

        try (ConfigurableApplicationContext second = start()) {
            S3Objects ledger = second.getBean(S3Objects.class);
            for (String path : objects.keySet()) {
                if (!path.equals(crashed)) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> ledger.find(PIPELINE, BUCKET,
                            "inbox/" + path, etags.get(path)).orElseThrow().repeats() == 1);
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> ledger.find(PIPELINE, BUCKET, "inbox/" + crashed,
                    etags.get(crashed)).orElseThrow().done());
            var retaken = ledger.find(PIPELINE, BUCKET, "inbox/" + crashed, etags.get(crashed)).orElseThrow();
            assertThat(retaken.instanceId()).as("the expired claim was taken over").isNotEqualTo("crashed-node");
            // the retaken object is the one the vendor has (same key and ETag): its recorded receipt is written
            // again, on its own ledger row, and nothing is sent
            String token = sendcloud.uploads().stream().filter(u -> u.sha256().equals(HotFolder.sha256(objects.get(
                    crashed)))).findFirst().orElseThrow().fileToken();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                var receipt = new ObjectMapper().readTree(s3.read(BUCKET, "receipts/" + crashed + ".receipt.json"));
                assertThat(receipt.path("duplicate").asBoolean()).isFalse();
                assertThat(receipt.path("vendorId").asText()).isEqualTo(token);
            });
            awaitAllProcessed(objects.keySet());
        }
        assertThat(sendcloud.uploads()).as("uploads after the restart").hasSize(objects.size());
        for (var entry : objects.entrySet()) {
            assertThat(sendcloud.uploads()).filteredOn(u -> u.sha256().equals(HotFolder.sha256(entry.getValue())))
                    .hasSize(1);
            assertThat(s3.read(BUCKET, "processed/" + entry.getKey())).isEqualTo(entry.getValue());
        }
        assertThat(sendcloud.violations()).isEmpty();
    }

    private static String put(String path, byte[] content) {
        return s3.client().putObject(r -> r.bucket(BUCKET).key("inbox/" + path), RequestBody.fromBytes(content))
                .eTag();
    }

    private static void awaitAllProcessed(java.util.Collection<String> paths) {
        await().atMost(Duration.ofSeconds(60)).until(() -> s3.keys(BUCKET, "inbox/").isEmpty()
                && s3.keys(BUCKET, "processed/").containsAll(paths.stream().map(p -> "processed/" + p).toList()));
    }

    private static ConfigurableApplicationContext start() {
        return S3IntakeApps.start("node-a", DB, "sa", folder.root, s3, BUCKET, sendcloud);
    }
}
