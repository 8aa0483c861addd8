package io.filebridge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.testsupport.HotFolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** filebridge stopped and started again on the same ledger file: what was completed is not uploaded again. */
class RestartTest {

    static final SendcloudEmulator sendcloud = new SendcloudEmulator().start();
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
        return PipelineTestSettings.startSendcloudApp(folder, "jdbc:h2:file:" + folder.root.resolve("ledger/filebridge")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", sendcloud, Map.of());
    }
}
