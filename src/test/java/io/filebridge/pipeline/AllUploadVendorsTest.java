package io.filebridge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import io.filebridge.FilebridgeApplication;
import io.filebridge.testsupport.AymaraContractServer;
import io.filebridge.testsupport.ContractServer;
import io.filebridge.testsupport.HotFolder;
import io.filebridge.testsupport.PhraseContractServer;
import io.filebridge.testsupport.SendcloudContractServer;
import io.filebridge.testsupport.SerialContractServer;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every upload vendor from one folder layout: the same files, the same faults, and the same outcomes (receipt
 * shape, archive and failed folders, report shape, attempts), whatever the vendor. Each vendor's own contract is
 * checked by its loopback server.
 */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class)
class AllUploadVendorsTest {

    static final SendcloudContractServer sendcloud = new SendcloudContractServer().start();
    static final SerialContractServer serial = new SerialContractServer().start();
    static final AymaraContractServer aymara = new AymaraContractServer(AymaraContractServer.API_KEY, null, null).start();
    static final PhraseContractServer phrase = new PhraseContractServer().start();
    static final Map<String, ContractServer> servers = Map.of("sendcloud", sendcloud, "serial", serial,
            "aymara", aymara, "phrase-connectors", phrase);
    static final HotFolder folder = HotFolder.create("all-vendors");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "all-vendors.camel.yaml");
        PipelineTestSettings.sendcloud(registry, sendcloud);
        registry.add("filebridge.vendors.sendcloud.uploads-per-minute", () -> "6000");
        registry.add("filebridge.vendors.serial.base-url", serial::baseUrl);
        registry.add("filebridge.vendors.serial.api-key", () -> SerialContractServer.API_KEY);
        registry.add("filebridge.vendors.aymara.base-url", aymara::baseUrl);
        registry.add("filebridge.vendors.aymara.api-key", () -> AymaraContractServer.API_KEY);
        registry.add("filebridge.vendors.aymara.bearer-token", () -> "");
        registry.add("filebridge.vendors.aymara.workspace-uuid", () -> "");
        PipelineTestSettings.phrase(registry, phrase);
    }

    @AfterAll
    static void stopServers() {
        servers.values().forEach(ContractServer::close);
    }

    @Test
    void theSameFilesGiveTheSameOutcomesAtEveryVendor() throws Exception {
        List<String> files = List.of("report.pdf", "scans/Übersicht 2026 – 日本.png", "deep/a/b/notes.txt");
        for (String vendor : servers.keySet()) {
            for (String file : files) {
                folder.drop(vendor + "/" + file, vendor + " content of " + file);
            }
        }

        Set<String> receiptShape = null;
        for (String vendor : servers.keySet()) {
            for (String file : files) {
                JsonNode receipt = folder.awaitReceipt(vendor + "/" + file);
                assertThat(receipt.path("vendor").asText()).isEqualTo(vendor);
                assertThat(receipt.path("pipeline").asText()).isEqualTo("all-" + vendor);
                assertThat(receipt.path("file").path("path").asText()).isEqualTo(file);
                assertThat(receipt.path("file").path("sha256").asText())
                        .isEqualTo(HotFolder.sha256((vendor + " content of " + file).getBytes()));
                assertThat(receipt.path("vendorId").asText()).isNotBlank();
                assertThat(receipt.path("attempts").asInt()).isEqualTo(1);
                Set<String> shape = fieldNames(receipt);
                if (receiptShape == null) {
                    receiptShape = shape;
                }
                assertThat(shape).as("receipt fields of %s", vendor).isEqualTo(receiptShape);
                HotFolder.awaitExists(inbox(vendor).resolve(".done").resolve(file));
            }
            assertThat(servers.get(vendor).violations()).as("%s contract violations", vendor).isEmpty();
        }
    }

    @Test
    void theSameFaultsGiveTheSameReportsAndRetriesAtEveryVendor() throws Exception {
        Set<String> reportShape = null;
        for (String vendor : servers.keySet()) {
            ContractServer server = servers.get(vendor);
            server.respond(401, Map.of(), "");
            if (vendor.equals("phrase-connectors")) {
                // token-based: the first 401 counts as an expired token and is followed by one fresh token
                server.respond(401, Map.of(), "");
            }
            folder.drop(vendor + "/denied.txt", "refused at " + vendor);
            JsonNode report = HotFolder.awaitJson(inbox(vendor).resolve(".failed/denied.txt.error.json"));
            org.awaitility.Awaitility.await().until(() -> inbox(vendor).resolve(".failed/denied.txt").toFile().exists());
            assertThat(report.path("httpStatus").asInt()).as(vendor).isEqualTo(401);
            // every request counts: the token-based vendor's 401, and its repeat with a fresh token
            assertThat(report.path("attempts").asInt()).as(vendor).isEqualTo(vendor.equals("phrase-connectors") ? 2 : 1);
            assertThat(report.path("pipeline").asText()).isEqualTo("all-" + vendor);
            assertThat(inbox(vendor).resolve(".failed/denied.txt")).exists();
            Set<String> shape = new TreeSet<>(fieldNames(report));
            shape.remove("vendorError"); // present only when the vendor said something
            if (reportShape == null) {
                reportShape = shape;
            }
            assertThat(shape).as("report fields of %s", vendor).isEqualTo(reportShape);

            server.respond(503, Map.of(), "");
            folder.drop(vendor + "/flaky.txt", "flaky at " + vendor);
            JsonNode receipt = folder.awaitReceipt(vendor + "/flaky.txt");
            assertThat(receipt.path("attempts").asInt()).as(vendor).isEqualTo(2);
            assertThat(server.pendingFaults()).isZero();
        }
    }

    private static Path inbox(String vendor) {
        return folder.inbox.resolve(vendor);
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
