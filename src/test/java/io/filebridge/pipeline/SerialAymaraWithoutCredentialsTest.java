package io.filebridge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;

import io.filebridge.FilebridgeApplication;
import io.filebridge.testsupport.HotFolder;
import org.apache.camel.CamelContext;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Serial and Aymara without credentials: their pipelines are refused naming the variables; other pipelines run. */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class)
class SerialAymaraWithoutCredentialsTest {

    static final HotFolder folder = HotFolder.create("no-credentials-serial-aymara");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "no-credentials-serial-aymara.camel.yaml");
        registry.add("filebridge.vendors.serial.api-key", () -> "");
        registry.add("filebridge.vendors.aymara.api-key", () -> "");
        registry.add("filebridge.vendors.aymara.bearer-token", () -> "");
    }

    @Autowired
    CamelContext camel;
    @Autowired
    PipelineProblems problems;

    @Test
    void theirPipelinesAreRefusedNamingTheVariablesToSet() {
        assertThat(camel.getRoute("needs-serial")).isNull();
        assertThat(camel.getRoute("needs-aymara")).isNull();
        assertThat(camel.getRoute("needs-nothing")).isNotNull();
        Map<String, String> refused = problems.refused().stream().collect(Collectors.toMap(
                PipelineProblems.Refused::routeId, r -> r.source() + " :: " + String.join("; ", r.problems())));

        assertThat(refused).containsOnlyKeys("needs-serial", "needs-aymara");
        assertThat(refused.get("needs-serial")).contains("pipelines/no-credentials-serial-aymara.camel.yaml")
                .contains("SERIAL_API_KEY").doesNotContain("AYMARA");
        assertThat(refused.get("needs-aymara")).contains("AYMARA_API_KEY").contains("AYMARA_BEARER_TOKEN")
                .doesNotContain("SERIAL");
    }
}
