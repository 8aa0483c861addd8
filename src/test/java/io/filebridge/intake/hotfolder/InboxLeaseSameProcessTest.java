package io.filebridge.intake.hotfolder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

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
 * Two pipelines of one instance on one inbox: the second is refused like a second instance would be, so each file is
 * taken once. A pipeline the validator refuses takes no lease at all.
 */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class)
class InboxLeaseSameProcessTest {

    static final SendcloudEmulator sendcloud = new SendcloudEmulator().start();
    static final HotFolder folder = HotFolder.create("inbox-lease-same-process");
    static final HotFolder invalid = HotFolder.create("inbox-lease-invalid");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "inbox-lease-two-pipelines.camel.yaml");
        PipelineTestSettings.sendcloud(registry, sendcloud);
        registry.add("test.second-inbox", invalid.inbox::toString);
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
    void theSecondPipelineOnAnInboxIsRefusedAndEveryFileIsUploadedOnce() throws Exception {
        assertThat(problems.refused()).extracting(PipelineProblems.Refused::routeId)
                .containsExactlyInAnyOrder("second-on-inbox", "invalid-without-moveFailed");
        PipelineProblems.Refused second = problems.refused().stream()
                .filter(r -> r.routeId().equals("second-on-inbox")).findFirst().orElseThrow();
        assertThat(second.problems()).singleElement().asString()
                .contains("already consumed by pipeline 'first-on-inbox' of this instance");
        assertThat(camel.getRoute("second-on-inbox")).isNull();
        assertThat(camel.getRoute("first-on-inbox")).isNotNull();
        assertThat(jdbc.queryForList("select pipeline from fb_inbox_lease", String.class))
                .as("one lease, and none for the pipeline the validator refused").containsExactly("first-on-inbox");

        List<String> names = List.of("a.txt", "sub/b.txt", "c.txt");
        for (String name : names) {
            folder.drop(name, "only once: " + name);
        }
        names.forEach(folder::awaitDone);
        names.forEach(folder::awaitReceipt);
        assertThat(sendcloud.uploads()).hasSize(names.size());
        assertThat(jdbc.queryForList("select pipeline from fb_file", String.class)).hasSize(names.size())
                .containsOnly("first-on-inbox");
    }
}
