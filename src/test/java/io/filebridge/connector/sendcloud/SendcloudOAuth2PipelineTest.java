package io.filebridge.connector.sendcloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.filebridge.FilebridgeApplication;
import io.filebridge.ledger.FileEvent;
import io.filebridge.ledger.Ledger;
import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.sandbox.sendcloud.SendcloudUpload.AuthKind;
import io.filebridge.testsupport.HotFolder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Sendcloud with OAuth2 client credentials: one token for many uploads, fetched again once after a 401. */
@CamelSpringBootTest
// what ops switch on to debug (set here, not below: logging is configured before dynamic properties arrive):
// VendorCaller's retry lines, and HttpClient's log of every request header
@SpringBootTest(classes = FilebridgeApplication.class, properties = {
        "logging.level.io.filebridge.connector=DEBUG",
        "logging.level.org.apache.hc.client5.http.headers=DEBUG"})
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SendcloudOAuth2PipelineTest {

    static final SendcloudEmulator sendcloud = new SendcloudEmulator().start();
    static final HotFolder folder = HotFolder.create("sendcloud-oauth2");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "sendcloud.camel.yaml");
        registry.add("filebridge.vendors.sendcloud.base-url", sendcloud::apiBaseUrl);
        registry.add("filebridge.vendors.sendcloud.token-url", sendcloud::tokenUrl);
        registry.add("filebridge.vendors.sendcloud.client-id", () -> SendcloudEmulator.CLIENT_ID);
        registry.add("filebridge.vendors.sendcloud.client-secret", () -> SendcloudEmulator.CLIENT_SECRET);
        registry.add("filebridge.vendors.sendcloud.uploads-per-minute", () -> "6000");
    }

    @AfterAll
    static void stopServer() {
        sendcloud.close();
    }

    @Autowired
    Ledger ledger;

    @Test
    @Order(1)
    void oneTokenServesManyUploadsAndARevokedTokenIsReplacedOnce() throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            names.add("oauth/file-" + i + ".txt");
            folder.drop(names.get(i), "oauth content " + i);
        }
        names.forEach(folder::awaitReceipt);

        assertThat(sendcloud.tokenRequests()).isEqualTo(1);
        assertThat(sendcloud.uploads()).hasSize(10).allMatch(u -> u.auth() == AuthKind.BEARER);

        sendcloud.revokeAllTokens();
        folder.drop("oauth/after-revoke.txt", "needs a new token");
        folder.awaitReceipt("oauth/after-revoke.txt");

        assertThat(sendcloud.tokenRequests()).isEqualTo(2);
        assertThat(sendcloud.uploads()).hasSize(11);
        assertThat(sendcloud.authFailures()).hasSize(1);
        assertThat(sendcloud.violations()).isEmpty();
        JsonNode receipt = folder.awaitReceipt("oauth/after-revoke.txt");
        assertThat(receipt.path("attempts").asInt()).as("the 401 and the repeat with a new token").isEqualTo(2);
        assertThat(ledger.events(receipt.path("ledgerId").asLong()))
                .filteredOn(e -> e.kind().equals(Ledger.ATTEMPT)).extracting(FileEvent::detail)
                .hasSize(2).first().asString().contains("the token was refused");
    }

    /**
     * Tokens are issued at run time, so nobody configures them as secrets; still none may reach a log line. Here the
     * vendor echoes the token it was sent in its error text (a retried 500 logged at debug, a 422 that fails the file)
     * and the HTTP client logs every request header, Authorization included.
     */
    @Test
    @Order(2)
    void neitherTheClientSecretNorAnyIssuedTokenIsEverLogged(CapturedOutput output) throws Exception {
        sendcloud.revokeAllTokens(); // so that this test sees a token request (client id and secret) too
        folder.drop("masked/warm.txt", "get a new token first");
        folder.awaitReceipt("masked/warm.txt");
        List<String> issued = sendcloud.issuedTokens();
        String token = issued.get(issued.size() - 1); // the one in use
        sendcloud.respondSendcloudError(500, "server_error", "trouble with Bearer " + token, "Server Error");
        folder.drop("masked/retried.txt", "a 500 that echoes the token, then success");
        folder.awaitReceipt("masked/retried.txt");
        sendcloud.respondSendcloudError(422, "invalid", "token " + token + " may not upload this", "Invalid");
        folder.drop("masked/refused.txt", "a 422 that echoes the token");
        JsonNode report = folder.awaitErrorReport("masked/refused.txt");

        String logs = output.getAll();
        assertThat(logs).as("the run was logged, debug lines included")
                .contains("FAILED pipeline=sendcloud-test file=\"masked/refused.txt\"")
                .contains("attempt 1 failed (sendcloud answered HTTP 500")
                .contains("Authorization: Bearer ***")
                .contains("Authorization: Basic ***");
        assertThat(sendcloud.issuedTokens()).as("no new token was needed").isEqualTo(issued);
        assertThat(sendcloud.issuedTokens()).isNotEmpty();
        for (String each : sendcloud.issuedTokens()) {
            assertThat(logs).doesNotContain(each).doesNotContain("Bearer " + each);
            assertThat(report.toString()).doesNotContain(each);
        }
        String clientPair = java.util.Base64.getEncoder().encodeToString((SendcloudEmulator.CLIENT_ID + ":"
                + SendcloudEmulator.CLIENT_SECRET).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(logs).doesNotContain(SendcloudEmulator.CLIENT_SECRET).doesNotContain(clientPair);
        assertThat(report.path("vendorError").asText()).contains("token *** may not upload this");
    }
}
