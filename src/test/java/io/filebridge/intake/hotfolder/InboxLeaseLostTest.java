package io.filebridge.intake.hotfolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import io.filebridge.FilebridgeApplication;
import io.filebridge.pipeline.PipelineProblems;
import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.testsupport.HotFolder;
import org.apache.camel.CamelContext;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A lease lost while the pipeline runs (another instance took the inbox over, as after this JVM was frozen for longer
 * than the ttl): the route stops at once and readiness says why; once the lease is free again the pipeline takes it
 * back, starts, and the file that waited is uploaded once.
 */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class)
class InboxLeaseLostTest {

    static final String PIPELINE = "sendcloud-test";
    static final SendcloudEmulator sendcloud = new SendcloudEmulator().start();
    static final HotFolder folder = HotFolder.create("inbox-lease-lost");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "sendcloud.camel.yaml");
        PipelineTestSettings.sendcloud(registry, sendcloud);
        registry.add("filebridge.intake.inbox-lease-ttl", () -> "1500ms");
    }

    @AfterAll
    static void stopServer() {
        sendcloud.close();
    }

    @Autowired
    PipelineProblems problems;
    @Autowired
    CamelContext camel;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aLeaseTakenOverStopsTheRouteAndALeaseFreedStartsItAgain() throws Exception {
        assertThat(pollStrategy()).as("every poll checks the lease").isInstanceOf(InboxLeaseFence.class);
        folder.drop("before.txt", "taken while the lease is held");
        folder.awaitReceipt("before.txt");

        // another instance on another host takes the inbox over; its heartbeat stays fresh for the whole test
        jdbc.update("update fb_inbox_lease set instance_id = 'intruder', run_id = ?, host = 'elsewhere', pid = 7,"
                + " heartbeat_at = ?", UUID.randomUUID().toString(), OffsetDateTime.now(ZoneOffset.UTC).plusHours(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> camel.getRoute(PIPELINE) == null);
        assertThat(problems.refused()).singleElement().satisfies(refused -> {
            assertThat(refused.routeId()).isEqualTo(PIPELINE);
            assertThat(refused.problems().toString()).contains("stopped consuming").contains("instance 'intruder'");
        });

        Path waiting = folder.drop("while lost.txt", "must wait for the lease");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> Files.exists(waiting));
        assertThat(sendcloud.uploads()).hasSize(1);

        jdbc.update("delete from fb_inbox_lease");
        folder.awaitReceipt("while lost.txt");
        folder.awaitDone("while lost.txt");
        await().atMost(Duration.ofSeconds(10)).until(() -> problems.refused().isEmpty());
        assertThat(camel.getRoute(PIPELINE)).isNotNull();
        assertThat(sendcloud.uploads()).hasSize(2);
        assertThat(jdbc.queryForObject("select pipeline from fb_inbox_lease", String.class)).isEqualTo(PIPELINE);
        assertThat(pollStrategy()).as("the restarted route checks the lease too").isInstanceOf(InboxLeaseFence.class);
    }

    @Test
    void aLeaseThatCannotBeRenewedForTheTtlStopsTheRouteUntilItIsRenewedAgain() {
        await().atMost(Duration.ofSeconds(10)).until(() -> camel.getRoute(PIPELINE) != null);
        // the ledger cannot be written: the heartbeat fails, and another instance could take the inbox over
        jdbc.execute("alter table fb_inbox_lease rename to fb_inbox_lease_away");
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> camel.getRoute(PIPELINE) == null);
            assertThat(problems.refused()).singleElement().satisfies(refused ->
                    assertThat(refused.problems().toString()).contains("could not be renewed"));
        } finally {
            jdbc.execute("alter table fb_inbox_lease_away rename to fb_inbox_lease");
        }
        // nobody took it meanwhile: the row is still this instance's, and the pipeline goes on
        await().atMost(Duration.ofSeconds(10)).until(() -> problems.refused().isEmpty()
                && camel.getRoute(PIPELINE) != null);
    }

    private Object pollStrategy() {
        return ((org.apache.camel.component.file.FileEndpoint) camel.getRoute(PIPELINE).getEndpoint())
                .getPollStrategy();
    }
}
