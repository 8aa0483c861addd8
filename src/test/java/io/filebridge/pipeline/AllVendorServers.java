package io.filebridge.pipeline;

import java.util.Map;

import io.filebridge.sandbox.aymara.AymaraEmulator;
import io.filebridge.sandbox.emulator.EmulatorServer;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.sandbox.serial.SerialEmulator;
import io.filebridge.testsupport.HotFolder;
import io.filebridge.sandbox.phrase.PhraseEmulator;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One contract server per upload vendor, and the settings that point the vendors at them, for tests that drive every
 * upload vendor from the one folder layout of {@code all-vendors.camel.yaml} (inbox/&lt;vendor&gt;).
 */
public final class AllVendorServers implements AutoCloseable {

    final SendcloudEmulator sendcloud = new SendcloudEmulator().start();
    final SerialEmulator serial = new SerialEmulator().start();
    final AymaraEmulator aymara = new AymaraEmulator(AymaraEmulator.API_KEY, null, null).start();
    final PhraseEmulator phrase = new PhraseEmulator().start();
    /** By vendor id, as the receipts name them. */
    final Map<String, EmulatorServer> byVendor = Map.of("sendcloud", sendcloud, "serial", serial, "aymara", aymara,
            "phrase-connectors", phrase);
    /** Each vendor's upload path on its server. */
    static final Map<String, String> UPLOAD_PATHS = Map.of("sendcloud", SendcloudEmulator.UPLOAD_PATH,
            "serial", SerialEmulator.UPLOAD_PATH, "aymara", AymaraEmulator.UPLOAD_PATH,
            "phrase-connectors", PhraseEmulator.UPLOAD_PATH);
    /** The status each vendor answers an accepted upload with. */
    static final Map<String, Integer> ACCEPTED = Map.of("sendcloud", 201, "serial", 200, "aymara", 200,
            "phrase-connectors", 200);
    /** The settings prefix of each vendor ({@code filebridge.vendors.<prefix>.*}); Phrase's is shared. */
    static final Map<String, String> SETTINGS = Map.of("sendcloud", "sendcloud", "serial", "serial",
            "aymara", "aymara", "phrase-connectors", "phrase");

    /** The pipeline settings, every vendor pointed at its server, and quick retries (200 ms first backoff). */
    void register(DynamicPropertyRegistry registry, HotFolder folder) {
        PipelineTestSettings.register(registry, folder, "all-vendors.camel.yaml");
        PipelineTestSettings.sendcloud(registry, sendcloud);
        registry.add("filebridge.vendors.serial.base-url", serial::baseUrl);
        registry.add("filebridge.vendors.serial.api-key", () -> SerialEmulator.API_KEY);
        registry.add("filebridge.vendors.aymara.base-url", aymara::baseUrl);
        registry.add("filebridge.vendors.aymara.api-key", () -> AymaraEmulator.API_KEY);
        registry.add("filebridge.vendors.aymara.bearer-token", () -> "");
        registry.add("filebridge.vendors.aymara.workspace-uuid", () -> "");
        PipelineTestSettings.phrase(registry, phrase);
        registry.add("filebridge.vendors.phrase.initial-backoff", () -> "200ms");
    }

    /** Sets {@code filebridge.vendors.<vendor>.<name>} for every upload vendor. */
    static void forEveryVendor(DynamicPropertyRegistry registry, String name, String value) {
        SETTINGS.values().forEach(prefix -> registry.add("filebridge.vendors." + prefix + "." + name, () -> value));
    }

    @Override
    public void close() {
        byVendor.values().forEach(EmulatorServer::close);
    }
}
