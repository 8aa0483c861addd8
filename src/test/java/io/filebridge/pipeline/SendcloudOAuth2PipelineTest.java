package io.filebridge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.filebridge.FilebridgeApplication;
import io.filebridge.testsupport.HotFolder;
import io.filebridge.testsupport.SendcloudContractServer;
import io.filebridge.testsupport.SendcloudContractServer.AuthKind;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Sendcloud with OAuth2 client credentials: one token for many uploads, fetched again once after a 401. */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class)
class SendcloudOAuth2PipelineTest {

    static final SendcloudContractServer sendcloud = new SendcloudContractServer().start();
    static final HotFolder folder = HotFolder.create("sendcloud-oauth2");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "sendcloud.camel.yaml");
        registry.add("filebridge.vendors.sendcloud.base-url", sendcloud::apiBaseUrl);
        registry.add("filebridge.vendors.sendcloud.token-url", sendcloud::tokenUrl);
        registry.add("filebridge.vendors.sendcloud.client-id", () -> SendcloudContractServer.CLIENT_ID);
        registry.add("filebridge.vendors.sendcloud.client-secret", () -> SendcloudContractServer.CLIENT_SECRET);
        registry.add("filebridge.vendors.sendcloud.uploads-per-minute", () -> "6000");
    }

    @AfterAll
    static void stopServer() {
        sendcloud.close();
    }

    @Test
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
    }
}
