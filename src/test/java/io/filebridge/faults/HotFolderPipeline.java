package io.filebridge.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A pipeline fed through a hot folder {@code data/inbox/<name>}: archive {@code .done/}, failed copies and reports in
 * {@code .failed/}, receipts under {@code data/outbox/<receipts>}. Files are written in a staging folder beside the
 * inbox (same file system) and renamed into it atomically.
 */
abstract class HotFolderPipeline extends FaultPipeline {

    final Path inbox;
    final Path staging;
    final Path receipts;

    HotFolderPipeline(String name, String routeId, String routeFile, Path dataDir, String receiptsFolder) {
        super(name, routeId, routeFile);
        this.inbox = dataDir.resolve("inbox").resolve(name);
        this.staging = dataDir.resolve("staging").resolve(name);
        this.receipts = dataDir.resolve("outbox").resolve(receiptsFolder);
    }

    @Override
    void drop(Input input) throws IOException {
        Path temp = Files.createDirectories(staging).resolve(UUID.randomUUID() + ".part");
        Files.write(temp, input.content());
        Path target = input.under(inbox);
        Files.createDirectories(target.getParent());
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    boolean inIntake(Input input) {
        return Files.exists(input.under(inbox));
    }

    @Override
    boolean archived(Input input) {
        return Files.exists(input.under(inbox.resolve(".done")));
    }

    @Override
    boolean failedWithReport(Input input) {
        Path failed = inbox.resolve(".failed");
        return Files.exists(input.under(failed)) && Files.exists(input.under(failed, ".error.json"));
    }

    @Override
    boolean failedCopy(Input input) {
        return Files.exists(input.under(inbox.resolve(".failed")));
    }

    @Override
    Path receipt(Input input) {
        return input.under(receipts, ".receipt.json");
    }

    @Override
    List<Path> writtenFolders() {
        List<Path> folders = new ArrayList<>();
        folders.add(receipts);
        folders.add(inbox.resolve(".failed"));
        return folders;
    }
}
