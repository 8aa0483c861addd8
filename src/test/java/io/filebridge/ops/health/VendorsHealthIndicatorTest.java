package io.filebridge.ops.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.filebridge.connector.Vendor;
import io.filebridge.connector.VendorSettings;
import io.filebridge.connector.sendcloud.SendcloudSettings;
import io.filebridge.connector.serial.SerialSettings;
import io.filebridge.pipeline.KameletCatalog;
import io.filebridge.pipeline.PipelineVendors;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * Which vendor states take readiness down: a pipeline using a vendor without credentials does (start-time validation
 * normally refuses such a pipeline first; this is the guard behind it); an unused vendor without credentials and a
 * vendor whose last call failed do not.
 */
class VendorsHealthIndicatorTest {

    final DefaultCamelContext camel = new DefaultCamelContext();
    final VendorLastCalls lastCalls = new VendorLastCalls(Clock.fixed(Instant.parse("2026-11-22T05:00:00Z"),
            ZoneOffset.UTC));

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    @Test
    void aPipelineUsingAVendorWithoutCredentialsMakesItDown() throws Exception {
        pipeline("needs-sendcloud", "kamelet:sendcloud-upload-sink?skipDuplicates=false");

        Health health = indicator(vendor("sendcloud", new SendcloudSettings())).health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        @SuppressWarnings("unchecked")
        Map<String, Object> sendcloud = (Map<String, Object>) health.getDetails().get("sendcloud");
        assertThat(sendcloud).containsEntry("credentials", "missing")
                .containsEntry("usedBy", java.util.Set.of("needs-sendcloud"));
    }

    @Test
    void anUnusedVendorWithoutCredentialsAndAFailedLastCallStayUp() throws Exception {
        pipeline("uses-sendcloud", "kamelet:sendcloud-upload-sink");
        SendcloudSettings configured = new SendcloudSettings();
        configured.setPublicKey("public-key");
        configured.setSecretKey("secret-key-value");
        lastCalls.observe("sendcloud").attempted(1, 503, "vendor text that must not show");

        Health health = indicator(vendor("sendcloud", configured), vendor("serial", new SerialSettings())).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails().get("sendcloud").toString()).contains("credentials=present")
                .contains("outcome=failed").contains("httpStatus=503").contains("at=2026-11-22T05:00:00Z")
                .doesNotContain("vendor text").doesNotContain("secret-key-value");
        assertThat(health.getDetails().get("serial").toString()).contains("credentials=missing").contains("usedBy=[]");
    }

    private VendorsHealthIndicator indicator(Vendor... vendors) {
        return new VendorsHealthIndicator(List.of(vendors), new PipelineVendors(camel, new KameletCatalog()), lastCalls);
    }

    private void pipeline(String id, String step) throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("file:target/never-read").routeId(id).to(step);
            }
        });
    }

    private static Vendor vendor(String id, VendorSettings settings) {
        return new Vendor() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public VendorSettings settings() {
                return settings;
            }
        };
    }
}
