package io.filebridge.sandbox;

import io.filebridge.sandbox.aymara.AymaraEmulator;
import io.filebridge.sandbox.emulator.EmulatorServer;
import io.filebridge.sandbox.phrase.PhraseEmulator;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.sandbox.serial.SerialEmulator;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The vendor emulators of the sandbox profile, each on its own loopback port: the same classes the product's tests
 * run against, here with the sandbox's account settings, file-name fault markers, size limits and bounded records.
 * Phrase also calls back: X-Webhook URLs after {@code webhook-delay}, Language AI callback URLs when a job
 * completes by itself ({@code translation-delay}); its jobs expire after {@code translation-ttl} and are kept in
 * {@code storage-dir} across restarts.
 */
public final class SandboxEmulators implements AutoCloseable {

    /** Uploads, requests and violations each emulator keeps for the listings. */
    static final int RECORDS_KEPT = 200;

    final SendcloudEmulator sendcloud;
    final SerialEmulator serial;
    final AymaraEmulator aymara;
    final PhraseEmulator phrase;

    private SandboxEmulators(SendcloudEmulator sendcloud, SerialEmulator serial, AymaraEmulator aymara,
            PhraseEmulator phrase) {
        this.sendcloud = sendcloud;
        this.serial = serial;
        this.aymara = aymara;
        this.phrase = phrase;
    }

    static SandboxEmulators start(SandboxProperties settings) {
        SandboxProperties.Sendcloud sendcloud = settings.getSendcloud();
        SandboxProperties.Serial serial = settings.getSerial();
        SandboxProperties.Aymara aymara = settings.getAymara();
        SandboxProperties.Phrase phrase = settings.getPhrase();
        SendcloudEmulator sendcloudEmulator = new SendcloudEmulator(sendcloud.getPublicKey(),
                sendcloud.getSecretKey(), sendcloud.getClientId(), sendcloud.getClientSecret())
                .tokenExpiresIn(sendcloud.getTokenLifetime())
                .uploadsPerMinute(sendcloud.getUploadsPerMinute());
        sandboxed(sendcloudEmulator, sendcloud.getMaxFileSize().toBytes()).start(sendcloud.getPort());
        SerialEmulator serialEmulator = new SerialEmulator(serial.getApiKey());
        sandboxed(serialEmulator, serial.getMaxFileSize().toBytes()).start(serial.getPort());
        // no workspace: the sandbox profile clears filebridge.vendors.aymara.workspace-uuid
        AymaraEmulator aymaraEmulator = new AymaraEmulator(aymara.getApiKey(), aymara.getBearerToken(), null);
        sandboxed(aymaraEmulator, aymara.getMaxFileSize().toBytes()).start(aymara.getPort());
        return new SandboxEmulators(sendcloudEmulator, serialEmulator, aymaraEmulator, phrase(phrase));
    }

    private static PhraseEmulator phrase(SandboxProperties.Phrase settings) {
        PhraseEmulator phrase = new PhraseEmulator(settings.getApiToken(), settings.getUsername(),
                settings.getPassword(), settings.getOrganizationUid())
                .tokenExpiresIn(settings.getTokenLifetime())
                // filebridge sends an X-Webhook when filebridge.public-url is set; the emulator calls it back
                .acceptWebhooks()
                .callWebhooksAfter(settings.getWebhookDelay());
        phrase.languageAi().completeAfter(settings.getTranslationDelay()).keepJobsFor(settings.getTranslationTtl());
        if (!settings.getStorageDir().isBlank()) {
            phrase.languageAi().storeJobsIn(Path.of(settings.getStorageDir()));
        }
        sandboxed(phrase, settings.getMaxFileSize().toBytes()).start(settings.getPort());
        return phrase;
    }

    /** What a person trying the sandbox needs and a test does not: markers, a size limit, bounded records. */
    private static EmulatorServer sandboxed(EmulatorServer emulator, long maxUploadBytes) {
        return emulator.keepLast(RECORDS_KEPT).drainBodies(true).serveFileNameMarkers().maxUploadSize(maxUploadBytes);
    }

    /** The Phrase emulator, for the sandbox's own tests (its Language AI jobs, its storage folder). */
    public PhraseEmulator phrase() {
        return phrase;
    }

    /** The vendor settings that point filebridge at these emulators. */
    Map<String, Object> vendorSettings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("filebridge.vendors.sendcloud.base-url", sendcloud.apiBaseUrl());
        settings.put("filebridge.vendors.sendcloud.token-url", sendcloud.tokenUrl());
        settings.put("filebridge.vendors.serial.base-url", serial.baseUrl());
        settings.put("filebridge.vendors.aymara.base-url", aymara.baseUrl());
        settings.put("filebridge.vendors.phrase.base-url", phrase.baseUrl());
        return settings;
    }

    /** By the vendor's path segment under {@code /sandbox/}. */
    Map<String, EmulatorServer> byName() {
        return Map.of("sendcloud", sendcloud, "serial", serial, "aymara", aymara, "phrase", phrase);
    }

    @Override
    public void close() {
        List.of(sendcloud, serial, aymara, phrase).forEach(EmulatorServer::close);
    }
}
