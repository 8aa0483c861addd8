package io.filebridge.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.filebridge.intake.hotfolder.InboxIdentity;
import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.sandbox.sendcloud.SendcloudUpload;
import io.filebridge.testsupport.HotFolder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Three instances on one PostgreSQL ledger consuming one hot folder, as replicas mounting one volume do: all three are
 * ready and take files, every file is uploaded exactly once (counted at the vendor's contract server) and archived
 * once; a file another instance holds is left alone while that instance lives and taken over once it is dead.
 */
class SharedInboxTest {

    private static final int FILES = 240;
    private static final Duration TTL = Duration.ofSeconds(3);

    @Test
    void threeInstancesShareOneInboxAndEachFileIsTakenOnce() throws Exception {
        List<ConfigurableApplicationContext> instances = new ArrayList<>();
        HotFolder folder = HotFolder.create("shared-inbox");
        try (SendcloudEmulator sendcloud = new SendcloudEmulator().start();
                EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
                // closed first: the instances stop while their ledger is still there
                AutoCloseable stopInstances = () -> instances.forEach(ConfigurableApplicationContext::close)) {
            String ledger = postgres.getJdbcUrl("postgres", "postgres");
            for (String node : List.of("node-a", "node-b", "node-c")) {
                instances.add(start(folder, node, ledger, sendcloud));
            }
            JdbcTemplate jdbc = instances.get(0).getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForList("select instance_id from fb_instance", String.class))
                    .containsExactlyInAnyOrder("node-a", "node-b", "node-c");

            List<String> names = new ArrayList<>();
            for (int i = 0; i < FILES; i++) {
                String name = (i % 3 == 0 ? "deep/" : "") + "file " + i + ".txt";
                names.add(name);
                folder.drop(name, ("content of " + name + "\n").repeat(20 + i % 7));
            }
            // one wait for all (a wait per file costs Awaitility's poll delay each)
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> names.stream()
                    .allMatch(n -> Files.exists(folder.receipt(n)) && Files.exists(folder.done(n))));

            List<SendcloudUpload> uploads = sendcloud.uploads();
            assertThat(uploads).as("each file uploaded exactly once, as the vendor saw it").hasSize(FILES);
            assertThat(uploads.stream().map(SendcloudUpload::sha256).distinct()).hasSize(FILES);
            assertThat(sendcloud.violations()).isEmpty();
            assertThat(filesUnder(folder.inbox.resolve(".done"))).hasSize(FILES);
            assertThat(Files.exists(folder.inbox.resolve(".failed"))).isFalse();
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                    "select count(*) from fb_file where state = 'COMPLETED'", Integer.class) == FILES);
            Map<String, Long> byInstance = jdbc.queryForList("select instance_id from fb_file", String.class).stream()
                    .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
            assertThat(byInstance).as("every instance took a share: %s", byInstance)
                    .containsOnlyKeys("node-a", "node-b", "node-c");
            await().atMost(TTL.multipliedBy(2)).until(() -> jdbc.queryForObject(
                    "select count(*) from fb_file_claim", Integer.class) == 0);

            // a file a live instance holds (its heartbeat kept fresh here) stays; once it is silent, it is taken over
            String holder = UUID.randomUUID().toString();
            jdbc.update("insert into fb_instance (run_id, instance_id, host, pid_scope, pid, process_start, joined_at,"
                    + " heartbeat_at) values (?, 'node-elsewhere', 'other-host', null, 4242, null, ?, ?)", holder,
                    now(), now());
            String identity = InboxIdentity.of(folder.inbox, true, false, "ignored").id();
            jdbc.update("insert into fb_file_claim (claim_key, inbox_id, relative_path, pipeline, run_id, claimed_at)"
                    + " values (?, ?, 'held.txt', 'sendcloud-test', ?, ?)", FileClaims.key(identity, "held.txt"),
                    identity, holder, now());
            folder.drop("held.txt", "held elsewhere");
            await().during(TTL.multipliedBy(2)).atMost(TTL.multipliedBy(3)).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        jdbc.update("update fb_instance set heartbeat_at = ? where run_id = ?", now(), holder);
                        return Files.exists(folder.inbox.resolve("held.txt"));
                    });
            assertThat(sendcloud.uploads()).hasSize(FILES);
            folder.awaitReceipt("held.txt");
            folder.awaitDone("held.txt");
            assertThat(sendcloud.uploads()).hasSize(FILES + 1);
        }
    }

    private static ConfigurableApplicationContext start(HotFolder folder, String node, String ledger,
            SendcloudEmulator sendcloud) {
        Map<String, Object> more = new HashMap<>();
        more.put("filebridge.instance-id", node);
        more.put("filebridge.data-dir", folder.root.resolve(node).toString());
        more.put("filebridge.tracking.spool-dir", folder.root.resolve(node).resolve("spool").toString());
        more.put("filebridge.cluster.instance-ttl", TTL.toMillis() + "ms");
        more.put("filebridge.vendors.sendcloud.uploads-per-minute", "60000");
        more.put("camel.main.jmx-enabled", "false"); // three Camel contexts of one name in one JVM
        return PipelineTestSettings.startSendcloudApp(folder, ledger, sendcloud, more);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
