package io.filebridge.intake.hotfolder;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;

import io.filebridge.intake.FailureReport;
import io.filebridge.intake.FileRun;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileOperations;
import org.apache.camel.component.file.GenericFileProcessStrategy;
import org.apache.camel.component.file.strategy.GenericFileProcessStrategySupport;
import org.apache.camel.component.file.strategy.GenericFileRenamer;
import org.apache.camel.support.ExchangeHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process strategy of every hot folder: Camel's own (from the endpoint's move, moveFailed, preMove, readLock ...
 * options) with filebridge's guarantees around it. The file consumer calls it on the exchange it created, so unlike a
 * step inside a Kamelet it sees how the whole route ended.
 * <ul>
 * <li>begin: an entry that must not be opened (a link, a special file, an unusable name; {@link InboxEntries}) is
 * refused with a ledger row and a report and moved to the failed folder; any other file starts its {@link FileRun}
 * and then Camel's read lock decides whether it is stable.</li>
 * <li>commit: Camel's archive move, which here never replaces an earlier archive of the same name.</li>
 * <li>rollback: the report of the failure is written beside the input's place in the failed folder, then Camel moves
 * it there; while the ledger is out and the vendor does not have the file, the input stays where it is instead and is
 * taken again later ({@link io.filebridge.intake.FailedInputs}).</li>
 * </ul>
 */
final class HotFolderStrategy implements GenericFileProcessStrategy<File> {

    private static final Logger log = LoggerFactory.getLogger(HotFolderStrategy.class);

    private final HotFolders hotFolders;
    private final FileEndpoint endpoint;
    private final GenericFileProcessStrategy<File> camel;

    HotFolderStrategy(HotFolders hotFolders, FileEndpoint endpoint, GenericFileProcessStrategy<File> camel) {
        this.hotFolders = hotFolders;
        this.endpoint = endpoint;
        this.camel = camel;
    }

    @Override
    public void prepareOnStartup(GenericFileOperations<File> operations, GenericFileEndpoint<File> endpoint)
            throws Exception {
        camel.prepareOnStartup(operations, endpoint);
    }

    @Override
    public boolean begin(GenericFileOperations<File> operations, GenericFileEndpoint<File> endpoint,
            Exchange exchange, GenericFile<File> file) throws Exception {
        Path root = inboxRoot();
        File listed = file.getFile();
        String relative = root.relativize(listed.toPath().toAbsolutePath().normalize()).toString();
        Optional<Refusal> refusal = InboxEntries.check(listed, relative, root, hotFolders.links());
        if (refusal.isPresent()) {
            hotFolders.refuse(exchange.getFromRouteId(), refusal.get(),
                    failedTarget(operations, exchange, file, refusal.get().safeName()));
            return false;
        }
        if (!hotFolders.mayTakeNewWork()) {
            return false; // filebridge's own disk is nearly full: the file waits (DiskRoomGate logs why)
        }
        FileRun.start(exchange);
        return camel.begin(operations, endpoint, exchange, file);
    }

    @Override
    public void abort(GenericFileOperations<File> operations, GenericFileEndpoint<File> endpoint, Exchange exchange,
            GenericFile<File> file) throws Exception {
        camel.abort(operations, endpoint, exchange, file);
    }

    @Override
    public void commit(GenericFileOperations<File> operations, GenericFileEndpoint<File> endpoint, Exchange exchange,
            GenericFile<File> file) throws Exception {
        camel.commit(operations, endpoint, exchange, file);
    }

    @Override
    public void rollback(GenericFileOperations<File> operations, GenericFileEndpoint<File> endpoint, Exchange exchange,
            GenericFile<File> file) throws Exception {
        Optional<FailureReport> report = hotFolders.failedInputs().reportFor(exchange);
        if (report.isEmpty()) {
            leaveInPlace(operations, exchange, file);
            return;
        }
        if (!(camel instanceof NoClobberRenameStrategy moves) || moves.getFailureRenamer() == null) {
            log.error("pipeline={} file={}: failed ({}); no failed folder (moveFailed) to put it and its report in",
                    report.get().pipeline(), file.getRelativeFilePath(), report.get().error());
            camel.rollback(operations, endpoint, exchange, file);
            return;
        }
        moves.whileMovingToFailed(new NoClobberRenameStrategy.FailedMove(
                target -> hotFolders.writeReport(target, report.get()),
                (moved, target) -> hotFolders.failedInputs().failedCopyAt(report.get(), moved.toString())),
                () -> camel.rollback(operations, endpoint, exchange, file));
    }

    /** Gives the file back to the consumer untouched: released, so a later poll offers it again. */
    private void leaveInPlace(GenericFileOperations<File> operations, Exchange exchange, GenericFile<File> file)
            throws Exception {
        operations.releaseRetrievedFileResources(exchange);
        if (camel instanceof GenericFileProcessStrategySupport<File> support
                && support.getExclusiveReadLockStrategy() != null) {
            support.getExclusiveReadLockStrategy().releaseExclusiveReadLockOnRollback(operations, file, exchange);
        }
    }

    /**
     * Where the failed folder would take a refused entry, under its usable name: the endpoint's moveFailed
     * expression evaluated as Camel evaluates it on rollback. Empty when the endpoint has no failed folder.
     */
    Optional<Path> failedTarget(GenericFileOperations<File> operations, Exchange exchange,
            GenericFile<File> file, String safeName) {
        if (!(camel instanceof NoClobberRenameStrategy moves) || moves.getFailureRenamer() == null) {
            return Optional.empty();
        }
        GenericFile<File> usable = operations.newGenericFile();
        file.copyFrom(file, usable);
        Path root = inboxRoot();
        Path at = root.resolve(safeName);
        usable.setFile(at.toFile());
        usable.setAbsoluteFilePath(at.toString());
        usable.setRelativeFilePath(safeName);
        usable.setFileName(safeName);
        usable.setFileNameOnly(at.getFileName().toString());
        Exchange copy = ExchangeHelper.createCopy(exchange, true);
        usable.bindToExchange(copy);
        GenericFileRenamer<File> renamer = moves.getFailureRenamer();
        return Optional.of(Path.of(renamer.renameFile(operations, copy, usable).getAbsoluteFilePath()));
    }

    private Path inboxRoot() {
        return Path.of(endpoint.getConfiguration().getDirectory()).toAbsolutePath().normalize();
    }
}
