package io.filebridge.sandbox;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Profile;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the vendor emulators ({@code filebridge.sandbox.*}). The {@code @Profile} keeps
 * {@code @ConfigurationPropertiesScan} from binding this class outside the sandbox profile.
 */
@Validated
@Profile(SandboxConfiguration.PROFILE)
@ConfigurationProperties("filebridge.sandbox")
public class SandboxProperties {

    @Valid
    private final Sendcloud sendcloud = new Sendcloud();

    @Valid
    private final Phrase phrase = new Phrase();

    @Valid
    private final Serial serial = new Serial();

    @Valid
    private final Aymara aymara = new Aymara();

    public Sendcloud getSendcloud() {
        return sendcloud;
    }

    public Phrase getPhrase() {
        return phrase;
    }

    public Serial getSerial() {
        return serial;
    }

    public Aymara getAymara() {
        return aymara;
    }

    /** The emulated Sendcloud account: the credentials filebridge must send, and the limits it must respect. */
    public static class Sendcloud {

        /** The loopback port of this vendor's emulator; 0: a free port, chosen at start. */
        @Min(0)
        private int port;

        @NotBlank
        private String publicKey = "sandbox-public";
        @NotBlank
        private String secretKey = "sandbox-secret";
        @NotBlank
        private String clientId = "sandbox-client";
        @NotBlank
        private String clientSecret = "sandbox-client-secret";
        @NotNull
        private DataSize maxFileSize = DataSize.ofMegabytes(20);
        @Min(1)
        private int uploadsPerMinute = 30;
        /** Sendcloud documents one hour; shorter values let people watch filebridge refresh its token. */
        @NotNull
        private Duration tokenLifetime = Duration.ofHours(1);

        public String getPublicKey() {
            return publicKey;
        }

        public void setPublicKey(String publicKey) {
            this.publicKey = publicKey;
        }

        public String getSecretKey() {
            return secretKey;
        }

        public void setSecretKey(String secretKey) {
            this.secretKey = secretKey;
        }

        public String getClientId() {
            return clientId;
        }

        public void setClientId(String clientId) {
            this.clientId = clientId;
        }

        public String getClientSecret() {
            return clientSecret;
        }

        public void setClientSecret(String clientSecret) {
            this.clientSecret = clientSecret;
        }

        public DataSize getMaxFileSize() {
            return maxFileSize;
        }

        public void setMaxFileSize(DataSize maxFileSize) {
            this.maxFileSize = maxFileSize;
        }

        public int getUploadsPerMinute() {
            return uploadsPerMinute;
        }

        public void setUploadsPerMinute(int uploadsPerMinute) {
            this.uploadsPerMinute = uploadsPerMinute;
        }

        public Duration getTokenLifetime() {
            return tokenLifetime;
        }

        public void setTokenLifetime(Duration tokenLifetime) {
            this.tokenLifetime = tokenLifetime;
        }

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            this.port = port;
        }
    }

    /** The emulated Serial account: the API key filebridge must send as a bearer token. */
    public static class Serial {

        /** The loopback port of this vendor's emulator; 0: a free port, chosen at start. */
        @Min(0)
        private int port;

        @NotBlank
        private String apiKey = "sandbox-serial-key";
        /** Serial documents no limit; the emulator refuses larger files with 413 so the failure path can be seen. */
        @NotNull
        private DataSize maxFileSize = DataSize.ofMegabytes(100);

        public String getApiKey() {
            return apiKey;
        }

        public void setApiKey(String apiKey) {
            this.apiKey = apiKey;
        }

        public DataSize getMaxFileSize() {
            return maxFileSize;
        }

        public void setMaxFileSize(DataSize maxFileSize) {
            this.maxFileSize = maxFileSize;
        }

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            this.port = port;
        }
    }

    /** The emulated Aymara account: an API key ({@code x-api-key}) and a bearer token; either one is enough. */
    public static class Aymara {

        /** The loopback port of this vendor's emulator; 0: a free port, chosen at start. */
        @Min(0)
        private int port;

        @NotBlank
        private String apiKey = "sandbox-aymara-key";
        @NotBlank
        private String bearerToken = "sandbox-aymara-token";
        /** Aymara documents no limit; the emulator refuses larger files with 413 so the failure path can be seen. */
        @NotNull
        private DataSize maxFileSize = DataSize.ofMegabytes(100);

        public String getApiKey() {
            return apiKey;
        }

        public void setApiKey(String apiKey) {
            this.apiKey = apiKey;
        }

        public String getBearerToken() {
            return bearerToken;
        }

        public void setBearerToken(String bearerToken) {
            this.bearerToken = bearerToken;
        }

        public DataSize getMaxFileSize() {
            return maxFileSize;
        }

        public void setMaxFileSize(DataSize maxFileSize) {
            this.maxFileSize = maxFileSize;
        }

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            this.port = port;
        }
    }

    /**
     * The emulated Phrase account: the Platform API token to exchange, the user for the deprecated Language AI login,
     * and how long issued JWTs live. Phrase documents no size limit for Connectors file storage; the emulator's is a
     * demo value.
     */
    public static class Phrase {

        /**
         * The loopback port of this vendor's emulator (Connectors, the token endpoints and Language AI); 0: a free
         * port, chosen at start.
         */
        @Min(0)
        private int port;

        @NotBlank
        private String apiToken = "sandbox-phrase-api-token";
        @NotBlank
        private String username = "sandbox-user";
        @NotBlank
        private String password = "sandbox-password";
        @NotBlank
        private String organizationUid = "sandbox-org";
        /** Phrase's example answer says 14399 s (about 4 hours); shorter values let people watch a refresh. */
        @NotNull
        private Duration tokenLifetime = Duration.ofSeconds(14399);
        @NotNull
        private DataSize maxFileSize = DataSize.ofMegabytes(100);
        /** How long after its answer the emulator calls the X-Webhook URL. */
        @NotNull
        private Duration webhookDelay = Duration.ofMillis(200);
        /** How long a Language AI file translation stays RUNNING before its results are final. */
        @NotNull
        private Duration translationDelay = Duration.ofSeconds(3);
        /** How long a Language AI job and its file are kept (Phrase: "File TTL is limited to 24 hours"). */
        @NotNull
        private Duration translationTtl = Duration.ofHours(24);
        /**
         * Where Language AI jobs and their files are kept, so that jobs survive a restart of filebridge (and with it,
         * of the emulator), as real Phrase jobs do. Empty: a fresh folder under the JVM temp directory, removed at
         * stop (the tests' choice). The sandbox profile sets {@code ${filebridge.data-dir}/sandbox/phrase-language-ai}.
         */
        private String storageDir = "";

        public String getApiToken() {
            return apiToken;
        }

        public void setApiToken(String apiToken) {
            this.apiToken = apiToken;
        }

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public String getOrganizationUid() {
            return organizationUid;
        }

        public void setOrganizationUid(String organizationUid) {
            this.organizationUid = organizationUid;
        }

        public Duration getTokenLifetime() {
            return tokenLifetime;
        }

        public void setTokenLifetime(Duration tokenLifetime) {
            this.tokenLifetime = tokenLifetime;
        }

        public DataSize getMaxFileSize() {
            return maxFileSize;
        }

        public void setMaxFileSize(DataSize maxFileSize) {
            this.maxFileSize = maxFileSize;
        }

        public Duration getWebhookDelay() {
            return webhookDelay;
        }

        public void setWebhookDelay(Duration webhookDelay) {
            this.webhookDelay = webhookDelay;
        }

        public Duration getTranslationDelay() {
            return translationDelay;
        }

        public void setTranslationDelay(Duration translationDelay) {
            this.translationDelay = translationDelay;
        }

        public String getStorageDir() {
            return storageDir;
        }

        public void setStorageDir(String storageDir) {
            this.storageDir = storageDir == null ? "" : storageDir;
        }

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            this.port = port;
        }

        public Duration getTranslationTtl() {
            return translationTtl;
        }

        public void setTranslationTtl(Duration translationTtl) {
            this.translationTtl = translationTtl;
        }
    }
}
