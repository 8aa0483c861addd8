package io.filebridge.pipeline;

import java.util.UUID;

import io.filebridge.testsupport.HotFolder;
import io.filebridge.testsupport.PhraseContractServer;
import io.filebridge.testsupport.SendcloudContractServer;
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
    public static void sendcloud(DynamicPropertyRegistry registry, SendcloudContractServer server) {
        registry.add("filebridge.vendors.sendcloud.base-url", server::apiBaseUrl);
        registry.add("filebridge.vendors.sendcloud.public-key", () -> SendcloudContractServer.PUBLIC_KEY);
        registry.add("filebridge.vendors.sendcloud.secret-key", () -> SendcloudContractServer.SECRET_KEY);
    }

    /** Points the Phrase vendors (Connectors and Language AI) at a contract server, with the API token it accepts. */
    public static void phrase(DynamicPropertyRegistry registry, PhraseContractServer server) {
        registry.add("filebridge.vendors.phrase.base-url", server::baseUrl);
        registry.add("filebridge.vendors.phrase.api-token", () -> PhraseContractServer.API_TOKEN);
    }
}
