package io.filebridge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.filebridge.FilebridgeApplication;
import io.filebridge.testsupport.HotFolder;
import io.filebridge.testsupport.SendcloudContractServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** filebridge stopped and started again on the same ledger file: what was completed is not uploaded again. */
class RestartTest {

    static final SendcloudContractServer sendcloud = new SendcloudContractServer().start();
    static final HotFolder folder = HotFolder.create("restart");

    @AfterAll
    static void stopServer() {
        sendcloud.close();
    }

    @Test
    void aRestartAfterCompletionUploadsNothingAgain() throws Exception {
        try (ConfigurableApplicationContext first = start()) {
            folder.drop("report.csv", "quarterly numbers");
            folder.awaitReceipt("report.csv");
        }
        assertThat(sendcloud.uploads()).hasSize(1);

        try (ConfigurableApplicationContext second = start()) {
            folder.drop("again/report.csv", "quarterly numbers");
            JsonNode receipt = folder.awaitReceipt("again/report.csv");

            assertThat(receipt.path("duplicate").asBoolean()).isTrue();
            assertThat(receipt.path("vendorId").asText()).isEqualTo(sendcloud.uploads().get(0).fileToken());
        }
        assertThat(sendcloud.uploads()).hasSize(1);
        HotFolder.awaitExists(folder.done("report.csv"));
        HotFolder.awaitExists(folder.done("again/report.csv"));
    }

    private static ConfigurableApplicationContext start() {
        Map<String, Object> props = new HashMap<>();
        props.put("camel.main.routes-include-pattern", "classpath:pipelines/sendcloud.camel.yaml");
        props.put("test.inbox", folder.inbox.toString());
        props.put("test.outbox", folder.outbox.toString());
        props.put("spring.datasource.url", "jdbc:h2:file:" + folder.root.resolve("ledger/filebridge")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        props.put("filebridge.intake.quiet-period", "300ms");
        props.put("filebridge.vendors.sendcloud.base-url", sendcloud.apiBaseUrl());
        props.put("filebridge.vendors.sendcloud.public-key", SendcloudContractServer.PUBLIC_KEY);
        props.put("filebridge.vendors.sendcloud.secret-key", SendcloudContractServer.SECRET_KEY);
        props.put("server.port", "0");
        props.put("spring.main.banner-mode", "off");
        // as command-line arguments: they outrank config/application.yml, which default properties would not
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(FilebridgeApplication.class).run(args);
    }
}
