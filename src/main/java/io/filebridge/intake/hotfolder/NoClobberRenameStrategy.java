package io.filebridge.intake.hotfolder;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.filebridge.files.AtomicFiles;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.apache.camel.component.file.GenericFileOperations;
import org.apache.camel.component.file.strategy.GenericFileRenameProcessStrategy;

/**
 * Camel's move-on-commit / move-on-failure strategy with durable moves that never replace a file: camel-file deletes
 * whatever is at the target before it renames (so a second file of the same name, e.g. the fragments of a writer
 * that paused, overwrote the first one's archive), and never flushes the folders. Here an occupied name becomes
 * {@code name (2).ext}, the move claims its name atomically, and both folders are flushed.
 *
 * <p>The failed folder's report is written beside the input before it moves there ({@link #whileMovingToFailed}),
 * under the name the input will have, so a failed input is never without its report.
 */
final class NoClobberRenameStrategy extends GenericFileRenameProcessStrategy<File> {

    /** Set by the caller of a failure rename, on its own thread, for the duration of that rename. */
    private final ThreadLocal<FailedMove> failedMove = new ThreadLocal<>();

    /** What to do around a move into the failed folder: write the report before, record where it went after. */
    record FailedMove(Consumer<Path> before, BiConsumer<Path, Path> after) {
    }

    NoClobberRenameStrategy(GenericFileRenameProcessStrategy<File> camel) {
        setExclusiveReadLockStrategy(camel.getExclusiveReadLockStrategy());
        setBeginRenamer(camel.getBeginRenamer());
        setCommitRenamer(camel.getCommitRenamer());
        setFailureRenamer(camel.getFailureRenamer());
    }

    /** Runs Camel's rollback (the move to the failed folder) with {@code move} around the rename. */
    void whileMovingToFailed(FailedMove move, ThrowingRunnable rollback) throws Exception {
        failedMove.set(move);
        try {
            rollback.run();
        } finally {
            failedMove.remove();
        }
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Override
    protected GenericFile<File> renameFile(GenericFileOperations<File> operations, GenericFile<File> from,
            GenericFile<File> to) {
        Path source = Path.of(from.getAbsoluteFilePath());
        Path wanted = Path.of(to.getAbsoluteFilePath());
        FailedMove move = failedMove.get();
        try {
            Path target = freeName(wanted, source);
            if (move != null) {
                move.before().accept(target);
            }
            Path moved = AtomicFiles.moveWithoutReplacing(source, target);
            if (move != null) {
                if (!moved.equals(target)) {
                    move.before().accept(moved); // the name was taken meanwhile: the report follows the input
                }
                move.after().accept(moved, target);
            }
            if (moved.equals(wanted)) {
                return to;
            }
            GenericFile<File> result = operations.newGenericFile();
            to.copyFrom(to, result);
            result.changeFileName(moved.toString());
            return result;
        } catch (IOException e) {
            throw new GenericFileOperationFailedException("Cannot move " + source + " to " + wanted + ": " + e, e);
        }
    }

    /**
     * {@code wanted}, or the first {@code name (n).ext} beside it that is free, or that is {@code source} itself
     * already (a stop came between an earlier move's link and unlink: the move then only finishes).
     */
    static Path freeName(Path wanted, Path source) throws IOException {
        Path candidate = wanted;
        for (int n = 2; Files.exists(candidate, LinkOption.NOFOLLOW_LINKS) && n < 10_000; n++) {
            if (Files.exists(source, LinkOption.NOFOLLOW_LINKS) && Files.isSameFile(candidate, source)) {
                return candidate;
            }
            candidate = AtomicFiles.numbered(wanted, n);
        }
        return candidate;
    }
}
