package io.filebridge.faults;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.sandbox.sendcloud.SendcloudUpload;

/** Hot folder to Sendcloud, receipts in {@code data/outbox/uploads} (routes/uploads.camel.yaml). */
final class UploadsPipeline extends HotFolderPipeline {

    private final SendcloudEmulator sendcloud;

    UploadsPipeline(Path dataDir, SendcloudEmulator sendcloud) {
        super("uploads", "faults-uploads", "uploads.camel.yaml", dataDir, "uploads");
        this.sendcloud = sendcloud;
    }

    @Override
    Map<String, List<String>> issuedIds() {
        return sendcloudIds(sendcloud);
    }

    static Map<String, List<String>> sendcloudIds(SendcloudEmulator sendcloud) {
        return sendcloud.uploads().stream().collect(Collectors.groupingBy(SendcloudUpload::sha256,
                Collectors.mapping(SendcloudUpload::fileToken, Collectors.toList())));
    }
}
