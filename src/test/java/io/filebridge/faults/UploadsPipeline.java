package io.filebridge.faults;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.filebridge.testsupport.SendcloudContractServer;

/** Hot folder to Sendcloud, receipts in {@code data/outbox/uploads} (routes/uploads.camel.yaml). */
final class UploadsPipeline extends HotFolderPipeline {

    private final SendcloudContractServer sendcloud;

    UploadsPipeline(Path dataDir, SendcloudContractServer sendcloud) {
        super("uploads", "faults-uploads", "uploads.camel.yaml", dataDir, "uploads");
        this.sendcloud = sendcloud;
    }

    @Override
    Map<String, List<String>> issuedIds() {
        return sendcloudIds(sendcloud);
    }

    static Map<String, List<String>> sendcloudIds(SendcloudContractServer sendcloud) {
        return sendcloud.uploads().stream().collect(Collectors.groupingBy(SendcloudContractServer.Upload::sha256,
                Collectors.mapping(SendcloudContractServer.Upload::fileToken, Collectors.toList())));
    }
}
