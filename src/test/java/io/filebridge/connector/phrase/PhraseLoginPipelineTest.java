package io.filebridge.connector.phrase;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.filebridge.FilebridgeApplication;
import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.sandbox.phrase.PhraseEmulator;
import io.filebridge.sandbox.phrase.PhraseEmulator.AuthKind;
import io.filebridge.sandbox.phrase.PhraseUpload;
import io.filebridge.testsupport.HotFolder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Phrase without a Platform API token: the deprecated Language AI login (username, password, organization) gives the
 * JWT, once for many uploads and again once after a 401. Without filebridge.public-url no X-Webhook is sent (the
 * contract server treats one as a violation).
 */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class)
class PhraseLoginPipelineTest {

    static final PhraseEmulator phrase = new PhraseEmulator().start();
    static final HotFolder folder = HotFolder.create("phrase-login");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "phrase.camel.yaml");
        registry.add("filebridge.vendors.phrase.base-url", phrase::baseUrl);
        registry.add("filebridge.vendors.phrase.api-token", () -> "");
        registry.add("filebridge.vendors.phrase.username", () -> PhraseEmulator.USERNAME);
        registry.add("filebridge.vendors.phrase.password", () -> PhraseEmulator.PASSWORD);
        registry.add("filebridge.vendors.phrase.organization-uid", () -> PhraseEmulator.ORGANIZATION_UID);
        registry.add("filebridge.public-url", () -> "");
    }

    @AfterAll
    static void stopServer() {
        phrase.close();
    }

    @Test
    void theLoginTokenServesManyUploadsAndARevokedOneIsReplacedOnce() throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            names.add("login/file " + i + ".txt");
            folder.drop(names.get(i), "login content " + i);
        }
        for (String name : names) {
            JsonNode receipt = folder.awaitReceipt(name);
            assertThat(receipt.path("vendorId").asText()).isNotBlank();
        }

        assertThat(phrase.logins()).isEqualTo(1);
        assertThat(phrase.tokenExchanges()).isZero();
        assertThat(phrase.uploads()).hasSize(8).allMatch(u -> u.auth() == AuthKind.LOGIN)
                .allMatch(u -> u.webhook() == null);

        phrase.revokeAllTokens();
        folder.drop("login/after-revoke.txt", "needs a new login");
        folder.awaitReceipt("login/after-revoke.txt");

        assertThat(phrase.logins()).isEqualTo(2);
        assertThat(phrase.uploads()).hasSize(9);
        assertThat(phrase.authFailures()).hasSize(1);
        assertThat(phrase.violations()).isEmpty();
        assertThat(phrase.uploads()).extracting(PhraseUpload::bearerToken).doesNotContain(
                PhraseEmulator.PASSWORD, PhraseEmulator.USERNAME);
    }
}
