package io.filebridge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.filebridge.FilebridgeApplication;
import io.filebridge.testsupport.HotFolder;
import org.apache.camel.CamelContext;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A vendor without credentials: its pipelines are refused with the settings to set; other pipelines run. */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class)
class PipelineWithoutCredentialsTest {

    static final HotFolder folder = HotFolder.create("no-credentials");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "no-credentials.camel.yaml");
        registry.add("filebridge.vendors.sendcloud.public-key", () -> "");
        registry.add("filebridge.vendors.sendcloud.secret-key", () -> "");
        registry.add("filebridge.vendors.sendcloud.client-id", () -> "");
        registry.add("filebridge.vendors.sendcloud.client-secret", () -> "");
    }

    @Autowired
    CamelContext camel;
    @Autowired
    PipelineProblems problems;

    @Test
    void theVendorsPipelineIsRefusedNamingTheSettings() {
        assertThat(camel.getRoute("needs-sendcloud")).isNull();
        assertThat(camel.getRoute("needs-nothing")).isNotNull();
        assertThat(problems.refused()).singleElement().satisfies(r -> {
            assertThat(r.routeId()).isEqualTo("needs-sendcloud");
            assertThat(r.source()).contains("pipelines/no-credentials.camel.yaml");
            assertThat(String.join(" ", r.problems())).contains("SENDCLOUD_PUBLIC_KEY").contains("SENDCLOUD_SECRET_KEY")
                    .contains("SENDCLOUD_CLIENT_ID");
        });
    }
}
