package io.filebridge.intake.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.sandbox.sendcloud.SendcloudUpload;
import io.filebridge.testsupport.HotFolder;
import io.filebridge.testsupport.S3Server;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Two filebridge instances (two whole applications, each with its own instance id) consume the same bucket and
 * prefix with one PostgreSQL ledger: every object is uploaded exactly once, and every object ends under processed/.
 */
class S3IntakeTwoInstancesTest {

    private static final Logger log = LoggerFactory.getLogger(S3IntakeTwoInstancesTest.class);

    static final String BUCKET = "shared";
    static final int OBJECTS = 24;
    static final SendcloudEmulator sendcloud = new SendcloudEmulator().start();
    static final S3Server s3 = S3Server.start().createBucket(BUCKET);
    static final HotFolder folder = HotFolder.create("s3-two-instances");
    static EmbeddedPostgres postgres;

    @BeforeAll
    static void startDatabase() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopServers() throws IOException {
        sendcloud.close();
        s3.close();
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void twoInstancesOnOneBucketAndLedgerUploadEachObjectOnce() {
        String db = postgres.getJdbcUrl("postgres", "postgres");
        try (ConfigurableApplicationContext a = S3IntakeApps.start("node-a", db, "postgres", folder.root, s3, BUCKET,
                sendcloud);
                ConfigurableApplicationContext b = S3IntakeApps.start("node-b", db, "postgres", folder.root, s3,
                        BUCKET, sendcloud)) {
            List<String> shas = new ArrayList<>();
            for (int i = 0; i < OBJECTS; i++) {
                String path = (i % 3 == 0 ? "Übersicht/" : i % 3 == 1 ? "deep/er/" : "") + "object " + i + " 😀.txt";
                byte[] content = (path + " shared\n").repeat(200 + i).getBytes(StandardCharsets.UTF_8);
                shas.add(HotFolder.sha256(content));
                s3.client().putObject(r -> r.bucket(BUCKET).key("inbox/" + path), RequestBody.fromBytes(content));
            }

            await().atMost(Duration.ofSeconds(90)).until(() -> s3.keys(BUCKET, "inbox/").isEmpty()
                    && s3.keys(BUCKET, "processed/").size() == OBJECTS
                    && s3.keys(BUCKET, "receipts/").size() == OBJECTS);

            assertThat(sendcloud.uploads()).hasSize(OBJECTS);
            assertThat(sendcloud.uploads().stream().map(SendcloudUpload::sha256))
                    .containsExactlyInAnyOrderElementsOf(shas);
            JdbcTemplate jdbc = a.getBean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                    "select count(*) from fb_s3_object where outcome = 'DONE'", Integer.class) == OBJECTS);
            assertThat(jdbc.queryForObject("select count(*) from fb_s3_object", Integer.class)).isEqualTo(OBJECTS);
            Map<String, Long> byInstance = jdbc.queryForList("select instance_id from fb_s3_object", String.class)
                    .stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
            log.info("objects handled per instance: {}", byInstance);
            assertThat(sendcloud.violations()).isEmpty();
        }
        assertThat(sendcloud.uploads()).hasSize(OBJECTS);
    }
}
