package io.filebridge.intake.hotfolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.filebridge.pipeline.PipelineProblems;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.sandbox.sendcloud.SendcloudUpload;
import io.filebridge.testsupport.HotFolder;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two filebridge instances on one host, with the same instance id (the default: the host name), one PostgreSQL
 * ledger and one hot folder: the second does not consume the folder while the first runs (its readiness says why),
 * every file is uploaded once and archived once, and when the first stops the second takes the folder over.
 */
class InboxLeaseTwoInstancesTest {

    static final String PIPELINE = "sendcloud-test";
    static final SendcloudEmulator sendcloud = new SendcloudEmulator().start();
    static final HotFolder folder = HotFolder.create("inbox-lease-two");
    static EmbeddedPostgres postgres;

    @BeforeAll
    static void startDatabase() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopServers() throws IOException {
        sendcloud.close();
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void theSecondInstanceWaitsUntilTheFirstStopsAndEveryFileIsTakenOnce() throws Exception {
        List<String> sent = new ArrayList<>();
        ConfigurableApplicationContext first = InboxLeaseApps.start("first", "host-1", postgres, folder, sendcloud,
                "3s");
        try (ConfigurableApplicationContext second = InboxLeaseApps.start("second", "host-1", postgres, folder,
                sendcloud, "3s")) {
            try {
                // ready once its consumer has polled (Camel's consumer check)
                await().atMost(Duration.ofSeconds(10)).until(() -> InboxLeaseApps.readiness(first) == 200);
                assertThat(InboxLeaseApps.readiness(second)).isEqualTo(503);
                var health = second.getBean("pipelines", HealthIndicator.class).health();
                assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                assertThat(health.getDetails().get(PIPELINE).toString())
                        .contains("is consumed by instance 'host-1'")
                        .contains("pid " + ProcessHandle.current().pid())
                        .contains(folder.inbox.toRealPath().toString());
                assertThat(second.getBean(CamelContext.class).getRoute(PIPELINE)).isNull();
                assertThat(refusedGauge(second)).isEqualTo(1.0);
                assertThat(refusedGauge(first)).isZero();

                for (int i = 0; i < 12; i++) {
                    String name = (i % 2 == 0 ? "deep/" : "") + "file " + i + ".txt";
                    sent.add(name);
                    folder.drop(name, ("content of " + name + "\n").repeat(50 + i));
                }
                sent.forEach(folder::awaitDone);
                sent.forEach(folder::awaitReceipt);
                assertThat(sendcloud.uploads()).hasSize(sent.size());
                assertThat(InboxLeaseApps.readiness(second)).as("still waiting while the first runs").isEqualTo(503);
            } finally {
                first.close();
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> InboxLeaseApps.readiness(second) == 200);
            assertThat(second.getBean(CamelContext.class).getRoute(PIPELINE)).isNotNull();
            assertThat(second.getBean(PipelineProblems.class).refused()).isEmpty();
            assertThat(refusedGauge(second)).isZero();

            for (int i = 0; i < 4; i++) {
                String name = "after takeover " + i + ".txt";
                sent.add(name);
                folder.drop(name, ("taken over " + i + "\n").repeat(80));
            }
            sent.forEach(folder::awaitDone);
            sent.forEach(folder::awaitReceipt);

            assertThat(sendcloud.uploads()).hasSize(sent.size());
            assertThat(sendcloud.uploads().stream().map(SendcloudUpload::sha256).distinct())
                    .hasSize(sent.size());
            JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                    "select count(*) from fb_file where state = 'COMPLETED'", Integer.class) == sent.size());
            assertThat(jdbc.queryForList("select state from fb_file", String.class)).hasSize(sent.size())
                    .containsOnly("COMPLETED");
            assertThat(Files.exists(folder.inbox.resolve(".failed"))).isFalse();
            assertThat(filesUnder(folder.inbox.resolve(".done"))).hasSize(sent.size());
            assertThat(filesUnder(folder.inbox)).as("only the archive and the inbox's id are left")
                    .allMatch(p -> p.startsWith(folder.inbox.resolve(".done"))
                            || p.equals(folder.inbox.resolve(InboxIdentity.MARKER)));
            assertThat(sendcloud.violations()).isEmpty();
        }
        assertThat(postgresLeases()).as("a graceful stop releases the lease").isZero();
    }

    private static double refusedGauge(ConfigurableApplicationContext app) {
        return app.getBean(MeterRegistry.class).get("filebridge.inbox.lease.refused").tag("pipeline", PIPELINE)
                .gauge().value();
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static int postgresLeases() throws Exception {
        try (var connection = postgres.getPostgresDatabase().getConnection();
                var result = connection.createStatement().executeQuery("select count(*) from fb_inbox_lease")) {
            result.next();
            return result.getInt(1);
        }
    }
}
