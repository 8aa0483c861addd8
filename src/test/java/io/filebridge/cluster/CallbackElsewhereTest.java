package io.filebridge.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.filebridge.FilebridgeApplication;
import io.filebridge.ledger.FileState;
import io.filebridge.ledger.FileEvent;
import io.filebridge.ledger.Ledger;
import io.filebridge.sandbox.phrase.PhraseEmulator;
import io.filebridge.sandbox.phrase.PhraseLanguageAi;
import io.filebridge.testsupport.FreePorts;
import io.filebridge.testsupport.HotFolder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A vendor's callback reaches an instance that did not submit the job, as a Service in front of several replicas
 * routes it: instance A submits a translation whose callback URL leads to instance B (the public URL they share).
 * B takes the callback, the job is looked at once, every language is delivered once, and A, whose own polling would
 * take an hour, does nothing twice.
 */
class CallbackElsewhereTest {

    private static final List<String> LANGUAGES = List.of("cs", "de", "zh_tw");

    @Test
    void aCallbackAtAnotherInstanceFinishesTheJobOnce() throws Exception {
        List<ConfigurableApplicationContext> instances = new ArrayList<>();
        HotFolder folder = HotFolder.create("callback-elsewhere");
        try (PhraseEmulator phrase = new PhraseEmulator().start();
                EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
                AutoCloseable stopInstances = () -> instances.forEach(ConfigurableApplicationContext::close)) {
            String ledger = postgres.getJdbcUrl("postgres", "postgres");
            int portB = FreePorts.forApplication();
            String shared = "http://127.0.0.1:" + portB; // the Service's address, which led to B this time
            // B consumes an inbox of its own (empty), so the file is A's to submit
            instances.add(start("node-b", folder, folder.root.resolve("inbox-b"), ledger, phrase, portB, shared));
            instances.add(start("node-a", folder, folder.inbox, ledger, phrase, 0, shared));
            Ledger ledgerOfA = instances.get(1).getBean(Ledger.class);
            PhraseLanguageAi languageAi = phrase.languageAi();

            byte[] original = "Hello from A.".getBytes(StandardCharsets.UTF_8);
            folder.drop("guide.txt", original);
            JsonNode receipt = HotFolder.awaitJson(folder.outbox.resolve("receipts/guide.txt.receipt.json"));
            long id = receipt.path("ledgerId").asLong();
            assertThat(ledgerOfA.find(id).orElseThrow().instanceId()).isEqualTo("node-a");
            String uid = receipt.path("vendorId").asText();
            assertThat(languageAi.job(uid).metadata().path("callbackUrl").asText()).startsWith(shared + "/callbacks/");

            languageAi.completeJob(uid);

            for (String[] lang : new String[][] {{"cs", "cs-CZ"}, {"de", "de"}, {"zh_tw", "zh-Hant"}}) {
                Path output = folder.outbox.resolve("translated").resolve(lang[1]).resolve("guide.txt");
                await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(output));
                assertThat(Files.readAllBytes(output))
                        .isEqualTo(PhraseLanguageAi.expectedOutput(original, "MT_GENERIC_PRETRANSLATE", lang[0]));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> ledgerOfA.find(id).orElseThrow().state()
                    == FileState.COMPLETED);
            assertThat(languageAi.callbacks()).singleElement().satisfies(callback -> {
                assertThat(callback.url()).startsWith(shared);
                assertThat(callback.status()).isEqualTo(200);
            });
            assertThat(ledgerOfA.events(id)).extracting(FileEvent::kind).containsOnlyOnce(Ledger.CALLBACK);
            for (String lang : LANGUAGES) {
                assertThat(languageAi.downloadCount(uid, "MT_GENERIC_PRETRANSLATE", lang)).as(lang).isEqualTo(1);
            }
            assertThat(phrase.violations()).isEmpty();
        }
    }

    private static ConfigurableApplicationContext start(String node, HotFolder folder, Path inbox, String ledger,
            PhraseEmulator phrase, int port, String publicUrl) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("camel.main.routes-include-pattern", "classpath:pipelines/translation.camel.yaml");
        props.put("test.inbox", inbox.toString());
        props.put("test.outbox", folder.outbox.toString());
        props.put("spring.datasource.url", ledger);
        props.put("spring.datasource.username", "postgres");
        props.put("filebridge.instance-id", node);
        props.put("filebridge.data-dir", folder.root.resolve(node).toString());
        // the translation spool on the volume both share, as on Kubernetes
        props.put("filebridge.tracking.spool-dir", folder.root.resolve("spool").toString());
        props.put("filebridge.tracking.poll-interval", "1h");
        props.put("filebridge.intake.quiet-period", "300ms");
        props.put("filebridge.public-url", publicUrl);
        props.put("filebridge.vendors.phrase.base-url", phrase.baseUrl());
        props.put("filebridge.vendors.phrase.api-token", PhraseEmulator.API_TOKEN);
        props.put("server.port", String.valueOf(port));
        props.put("spring.main.banner-mode", "off");
        props.put("camel.main.jmx-enabled", "false");
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(FilebridgeApplication.class).run(args);
    }
}
