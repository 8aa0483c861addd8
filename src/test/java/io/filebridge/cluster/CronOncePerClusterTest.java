package io.filebridge.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.sandbox.sendcloud.SendcloudUpload;
import io.filebridge.testsupport.HotFolder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A cron pipeline on three instances sharing one PostgreSQL ledger and one inbox (cron every 2 s): every instance's
 * scheduler fires, and each firing runs on exactly one of them, which its batch summary names; files dropped between
 * firings are uploaded once. Each instance has its own Camel context name, so each has its own Quartz scheduler, as
 * separate processes do (Quartz shares schedulers of one name within a JVM).
 */
class CronOncePerClusterTest {

    private static final Duration RUNNING = Duration.ofSeconds(12);

    @Test
    void eachFiringRunsOnOneInstance() throws Exception {
        List<ConfigurableApplicationContext> instances = new ArrayList<>();
        HotFolder folder = HotFolder.create("cluster-cron");
        try (SendcloudEmulator sendcloud = new SendcloudEmulator().start();
                EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
                AutoCloseable stopInstances = () -> instances.forEach(ConfigurableApplicationContext::close)) {
            String ledger = postgres.getJdbcUrl("postgres", "postgres");
            for (String node : List.of("node-a", "node-b", "node-c")) {
                Map<String, Object> more = new HashMap<>();
                more.put("camel.main.routes-include-pattern", "classpath:pipelines/cluster-cron.camel.yaml");
                more.put("test.cron", "0/2 * * * * ?");
                more.put("filebridge.instance-id", node);
                more.put("filebridge.data-dir", folder.root.resolve(node).toString());
                more.put("filebridge.tracking.spool-dir", folder.root.resolve(node).resolve("spool").toString());
                more.put("camel.main.name", "filebridge-" + node);
                more.put("camel.main.jmx-enabled", "false");
                instances.add(PipelineTestSettings.startSendcloudApp(folder, ledger, sendcloud, more));
            }
            JdbcTemplate jdbc = instances.get(0).getBean(JdbcTemplate.class);
            Instant start = Instant.now();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String name = "export " + i + ".csv";
                names.add(name);
                folder.drop(name, "row " + i + "\n");
                await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> true);
            }
            await().atMost(RUNNING).pollInterval(Duration.ofMillis(200)).until(() -> names.stream()
                    .allMatch(n -> Files.exists(folder.receipt(n)) && Files.exists(folder.done(n))));
            // a few more firings with nothing to do
            await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> true);
            Instant end = Instant.now();

            List<Map<String, Object>> runs = jdbc.queryForList("select instance_id, started_at from fb_batch"
                    + " where pipeline = 'cluster-cron' order by started_at");
            Map<Long, List<Object>> byFiring = runs.stream().collect(Collectors.groupingBy(
                    run -> firing(run.get("started_at")), Collectors.mapping(run -> run.get("instance_id"),
                            Collectors.toList())));
            assertThat(byFiring).as("runs by firing (2 s slots): %s", byFiring)
                    .allSatisfy((slot, ran) -> assertThat(ran).hasSize(1));
            long firings = Duration.between(start, end).toSeconds() / 2;
            assertThat(byFiring.size()).as("a run for (nearly) every firing").isGreaterThanOrEqualTo((int) firings - 2);
            assertThat(runs).extracting(run -> run.get("instance_id"))
                    .allMatch(id -> List.of("node-a", "node-b", "node-c").contains(id));

            List<SendcloudUpload> uploads = sendcloud.uploads();
            assertThat(uploads).hasSize(names.size());
            assertThat(uploads.stream().map(SendcloudUpload::sha256).distinct()).hasSize(names.size());
        }
    }

    /** The 2 s slot of a firing: runs of one firing start within a fraction of a second of each other. */
    private static long firing(Object startedAt) {
        Instant at = startedAt instanceof OffsetDateTime odt ? odt.toInstant()
                : ((java.sql.Timestamp) startedAt).toInstant();
        return Math.floorDiv(at.toEpochMilli() + 1000, 2000);
    }
}
