package io.filebridge.pipeline;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.filebridge.FilebridgeApplication;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.testsupport.HotFolder;
import io.filebridge.sandbox.phrase.PhraseEmulator;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Settings every full-application pipeline test shares: its own folders, routes file, in-memory ledger, fast timings. */
public final class PipelineTestSettings {

    private PipelineTestSettings() {
    }

    public static void register(DynamicPropertyRegistry registry, HotFolder folder, String routesFile) {
        registry.add("camel.main.routes-include-pattern", () -> "classpath:pipelines/" + routesFile);
        registry.add("test.inbox", folder.inbox::toString);
        registry.add("test.outbox", folder.outbox::toString);
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        registry.add("filebridge.intake.quiet-period", () -> "300ms");
        for (String vendor : new String[] {"sendcloud", "serial", "aymara"}) {
            registry.add("filebridge.vendors." + vendor + ".initial-backoff", () -> "200ms");
        }
        registry.add("server.port", () -> "0");
    }

    /** Points the Sendcloud vendor at a contract server, with the key pair that server accepts. */
    public static void sendcloud(DynamicPropertyRegistry registry, SendcloudEmulator server) {
        registry.add("filebridge.vendors.sendcloud.base-url", server::apiBaseUrl);
        registry.add("filebridge.vendors.sendcloud.public-key", () -> SendcloudEmulator.PUBLIC_KEY);
        registry.add("filebridge.vendors.sendcloud.secret-key", () -> SendcloudEmulator.SECRET_KEY);
    }

    /**
     * Starts the sample Sendcloud pipeline (pipelines/sendcloud.camel.yaml) as a whole application on the given
     * ledger, outside any test context, so a test can stop and start it; {@code more} adds or overrides settings.
     */
    public static ConfigurableApplicationContext startSendcloudApp(HotFolder folder, String ledgerUrl,
            SendcloudEmulator server, Map<String, Object> more) {
        Map<String, Object> props = new HashMap<>();
        props.put("camel.main.routes-include-pattern", "classpath:pipelines/sendcloud.camel.yaml");
        props.put("test.inbox", folder.inbox.toString());
        props.put("test.outbox", folder.outbox.toString());
        props.put("spring.datasource.url", ledgerUrl);
        props.put("filebridge.intake.quiet-period", "300ms");
        props.put("filebridge.vendors.sendcloud.base-url", server.apiBaseUrl());
        props.put("filebridge.vendors.sendcloud.public-key", SendcloudEmulator.PUBLIC_KEY);
        props.put("filebridge.vendors.sendcloud.secret-key", SendcloudEmulator.SECRET_KEY);
        props.put("server.port", "0");
        props.put("spring.main.banner-mode", "off");
        props.putAll(more);
        // as command-line arguments: they outrank config/application.yml, which default properties would not
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(FilebridgeApplication.class).run(args);
    }

    /** Points the Phrase vendors (Connectors and Language AI) at a contract server, with the API token it accepts. */
    public static void phrase(DynamicPropertyRegistry registry, PhraseEmulator server) {
        registry.add("filebridge.vendors.phrase.base-url", server::baseUrl);
        registry.add("filebridge.vendors.phrase.api-token", () -> PhraseEmulator.API_TOKEN);
    }
}
