package io.filebridge.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.testsupport.S3Server;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * S3 prefix {@code inbox/} to Sendcloud (routes/s3.camel.yaml): handled objects move to {@code processed/}, failed
 * ones to {@code failed/} with {@code <key>.error.json}; receipts go to {@code data/outbox/s3}. An object is put
 * whole, so a reader never sees part of it.
 */
final class S3Pipeline extends FaultPipeline {

    private final S3Server s3;
    private final SendcloudEmulator sendcloud;
    private final Path receipts;
    private volatile Set<String> keys = Set.of();

    S3Pipeline(Path dataDir, S3Server s3, SendcloudEmulator sendcloud) {
        super("s3", "faults-s3", "s3.camel.yaml");
        this.s3 = s3;
        this.sendcloud = sendcloud;
        this.receipts = dataDir.resolve("outbox").resolve("s3");
    }

    @Override
    void drop(Input input) throws IOException {
        s3.client().putObject(r -> r.bucket(VendorServers.BUCKET).key("inbox/" + input.relativePath()),
                RequestBody.fromBytes(input.content()));
    }

    @Override
    void refresh() {
        keys = new HashSet<>(s3.keys(VendorServers.BUCKET, ""));
    }

    @Override
    boolean inIntake(Input input) {
        return keys.contains("inbox/" + input.relativePath());
    }

    @Override
    boolean archived(Input input) {
        return keys.contains("processed/" + input.relativePath());
    }

    @Override
    boolean failedWithReport(Input input) {
        return keys.contains("failed/" + input.relativePath())
                && keys.contains("failed/" + input.relativePath() + ".error.json");
    }

    @Override
    boolean failedCopy(Input input) {
        return keys.contains("failed/" + input.relativePath());
    }

    @Override
    Path receipt(Input input) {
        return input.under(receipts, ".receipt.json");
    }

    @Override
    Map<String, List<String>> issuedIds() {
        return UploadsPipeline.sendcloudIds(sendcloud);
    }

    @Override
    List<Path> writtenFolders() {
        return List.of(receipts);
    }

    /** Besides the receipts folder: every report in failed/ must be complete JSON. */
    @Override
    List<String> partialOutputs() {
        List<String> partial = new ArrayList<>(super.partialOutputs());
        for (String key : keys) {
            if (key.startsWith("failed/") && key.endsWith(".error.json")) {
                try {
                    if (!JSON.readTree(s3.read(VendorServers.BUCKET, key)).isObject()) {
                        partial.add("not a JSON object: s3://" + VendorServers.BUCKET + "/" + key);
                    }
                } catch (IOException e) {
                    partial.add("not complete JSON: s3://" + VendorServers.BUCKET + "/" + key);
                }
            }
        }
        return partial;
    }
}
