package io.filebridge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Map;
import java.util.stream.Collectors;

import io.filebridge.FilebridgeApplication;
import io.filebridge.testsupport.HotFolder;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Broken pipelines are refused at startup with a message naming file, route and setting; the rest run. */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class)
class PipelineValidationTest {

    static final HotFolder folder = HotFolder.create("validation");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "validation.camel.yaml");
        registry.add("filebridge.vendors.sendcloud.public-key", () -> "pub");
        registry.add("filebridge.vendors.sendcloud.secret-key", () -> "secret-value");
    }

    @Autowired
    CamelContext camel;
    @Autowired
    PipelineProblems problems;
    @Autowired
    PipelinesHealthIndicator health;

    @Test
    void brokenPipelinesAreRefusedAndTheOthersRun() {
        assertThat(camel.getRoutes().stream().filter(r -> !r.isCreatedByKamelet()).map(Route::getRouteId)
                .filter(id -> !id.startsWith("filebridge-")))
                .containsExactlyInAnyOrder("good", "good-with-required-parameter");
        Map<String, String> refused = problems.refused().stream().collect(Collectors.toMap(
                PipelineProblems.Refused::routeId, r -> r.source() + " :: " + String.join("; ", r.problems())));

        assertThat(refused).containsOnlyKeys("unknown-kamelet", "missing-required-parameter", "misspelt-parameter",
                "unsafe-intake", "bad-language", "unwrapped-uri-parameter", "cron-with-stable-lock");
        assertThat(refused.values()).allMatch(text -> text.contains("pipelines/validation.camel.yaml"));
        assertThat(refused.get("unknown-kamelet")).contains("unknown Kamelet 'sendclod-upload-sink'");
        assertThat(refused.get("missing-required-parameter"))
                .contains("Kamelet 'test-required-sink' misses the required parameter 'target'");
        assertThat(refused.get("misspelt-parameter"))
                .contains("Kamelet 'sendcloud-upload-sink' has no parameter 'skipDuplicate' (it has: skipDuplicates)");
        assertThat(refused.get("unsafe-intake")).contains("no read lock").contains("no moveFailed");
        assertThat(refused.get("bad-language"))
                .contains("parameter targetLangs: 'cz': 'cz' is not an ISO 639-1 language")
                .contains("outputName '{path}' must contain {lang}")
                .contains("PHRASE_API_TOKEN");
        assertThat(refused.get("cron-with-stable-lock")).contains("runs on a cron schedule (scheduler: quartz)")
                .contains("use readLock: changed");
        assertThat(refused.get("unwrapped-uri-parameter"))
                .contains("Kamelet 'test-required-sink' has no parameter 'region'")
                .contains("must be wrapped in RAW(...)");
    }

    @Test
    void readinessIsDownAndNamesTheRefusedPipelines() {
        var result = health.health();
        assertThat(result.getStatus()).isEqualTo(Status.DOWN);
        assertThat(result.getDetails()).containsKeys("unknown-kamelet", "unsafe-intake");
    }

    @Test
    void theGoodPipelinesFolderIsCreated() {
        assertThat(Files.isDirectory(folder.inbox.resolve("good"))).isTrue();
    }
}
