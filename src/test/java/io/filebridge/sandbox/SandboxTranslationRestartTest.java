package io.filebridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.filebridge.FilebridgeApplication;
import io.filebridge.testsupport.HotFolder;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The restart promise, as a newcomer would try it in the sandbox: a translation submitted before filebridge stops
 * is delivered after it starts again. The emulator keeps its jobs under the data dir (as Phrase keeps them while
 * filebridge is down), and a started filebridge looks at every open job at once, whatever its old schedule said.
 */
class SandboxTranslationRestartTest {

    static final Path dataDir = HotFolder.create("sandbox-translation-restart").root;
    static final int port = freePort();

    @Test
    void aJobSubmittedBeforeAStopIsDeliveredAfterTheStart() throws Exception {
        Path inbox = dataDir.resolve("inbox/docs");
        try (ConfigurableApplicationContext first = start(Map.of(
                // no callback and no look for an hour: nothing of this run can deliver the job
                "filebridge.public-url", "",
                "filebridge.tracking.poll-interval", "1h"))) {
            Files.createDirectories(inbox.resolve("notes"));
            Files.writeString(inbox.resolve("notes/Before the stop – ü.txt"), "First\nSecond\n");
            HotFolder.awaitJson(dataDir.resolve("outbox/docs-receipts/notes/Before the stop – ü.txt.receipt.json"));
        }
        assertThat(dataDir.resolve("outbox/docs/cs")).doesNotExist();
        assertThat(dataDir.resolve("sandbox/phrase-language-ai")).isNotEmptyDirectory();

        try (ConfigurableApplicationContext second = start(Map.of("filebridge.tracking.poll-interval", "1h"))) {
            for (String lang : new String[] {"cs", "de"}) {
                Path output = dataDir.resolve("outbox/docs/" + lang + "/notes/Before the stop – ü.txt");
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(output));
                assertThat(Files.readString(output)).isEqualTo("[" + lang + "] First\n[" + lang + "] Second\n");
            }
            try (Stream<Path> outputs = Files.walk(dataDir.resolve("outbox/docs"))) {
                assertThat(outputs.filter(p -> p.toString().endsWith(".error.json")))
                        .as("the emulator still knew the job").isEmpty();
            }
        }
    }

    private static ConfigurableApplicationContext start(Map<String, String> extra) {
        Map<String, String> props = new LinkedHashMap<>();
        // everything else (routes, vendors, sandbox URLs) comes from config/ and routes/ as shipped
        props.put("spring.profiles.active", "sandbox");
        props.put("filebridge.data-dir", dataDir.toString());
        props.put("server.port", String.valueOf(port));
        props.put("filebridge.intake.quiet-period", "300ms");
        props.put("filebridge.sandbox.phrase.translation-delay", "500ms");
        props.put("spring.main.banner-mode", "off");
        props.putAll(extra);
        // as command-line arguments: they outrank config/application.yml, which default properties would not
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(FilebridgeApplication.class).run(args);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
