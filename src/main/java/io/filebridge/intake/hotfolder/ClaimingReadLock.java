package io.filebridge.intake.hotfolder;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.filebridge.cluster.FileClaims;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.GenericFileOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * The read lock of every file intake, around the one the route chose (the quiet period of {@link StableFileReadLock},
 * Camel's {@code changed}, or none): once that lock would take a file, the file is claimed in the ledger
 * ({@link FileClaims}), so of several instances consuming one inbox exactly one takes it. A file another live instance
 * holds is skipped and offered again on a later poll; one a dead instance held is taken over. The claim is released
 * after the archive or failed move (Camel releases the read lock last), or when the file is left in place.
 *
 * <p>A claim won just after another instance moved the file away would take a file that is gone: the file must still
 * be there once claimed, else it is given back.
 */
final class ClaimingReadLock implements GenericFileExclusiveReadLockStrategy<File> {

    private static final Logger log = LoggerFactory.getLogger(ClaimingReadLock.class);

    private final GenericFileExclusiveReadLockStrategy<File> inner;
    private final Supplier<FileClaims> claims;
    /** Relative paths this lock claimed and has not released. */
    private final Set<String> claimed = ConcurrentHashMap.newKeySet();
    /** "pipeline@instance" pairs already reported as consuming this inbox too, so the log says it once. */
    private final Set<String> reportedSharers = ConcurrentHashMap.newKeySet();
    private volatile Path root;
    private volatile InboxIdentity inbox;
    private volatile String pipeline = "?";
    private volatile boolean notNowReported;

    /** @param inner the route's read lock, or null for none */
    ClaimingReadLock(GenericFileExclusiveReadLockStrategy<File> inner, Supplier<FileClaims> claims) {
        this.inner = inner;
        this.claims = claims;
    }

    GenericFileExclusiveReadLockStrategy<File> inner() {
        return inner;
    }

    @Override
    public void prepareOnStartup(GenericFileOperations<File> operations, GenericFileEndpoint<File> endpoint)
            throws Exception {
        if (inner != null) {
            inner.prepareOnStartup(operations, endpoint);
        }
        root = Path.of(endpoint.getConfiguration().getDirectory()).toAbsolutePath().normalize();
        if (endpoint.getCamelContext() != null) {
            endpoint.getCamelContext().getRoutes().stream().filter(r -> r.getEndpoint() == endpoint).findFirst()
                    .ifPresent(r -> pipeline = r.getRouteId());
        }
        boolean hidden = endpoint instanceof FileEndpoint file && file.isIncludeHiddenFiles();
        boolean create = endpoint.isAutoCreate()
                && !(endpoint instanceof FileEndpoint file && file.isStartingDirectoryMustExist());
        inbox = InboxIdentity.of(root, !hidden, create, claims.get().host());
        if (!inbox.marker()) {
            log.warn("Pipeline '{}': inbox {} is known by its path on this host only ({}): another instance that sees"
                    + " this folder at another path, or from another host, may take the same files", pipeline,
                    inbox.path(), inbox.note());
        }
    }

    @Override
    public boolean acquireExclusiveReadLock(GenericFileOperations<File> operations, GenericFile<File> file,
            Exchange exchange) throws Exception {
        if (inner != null && !inner.acquireExclusiveReadLock(operations, file, exchange)) {
            return false;
        }
        // answering false from here on makes Camel call releaseExclusiveReadLockOnAbort, which tells the inner lock
        Path path = pathOf(file);
        String relative = root.relativize(path).toString();
        FileClaims.Outcome outcome;
        try {
            outcome = claims.get().claim(inbox.id(), relative, pipeline);
        } catch (DataAccessException e) {
            log.debug("Not taking {} yet: it could not be claimed in the ledger ({})", path, e.toString());
            return false;
        }
        if (outcome instanceof FileClaims.HeldBy held) {
            String sharer = held.pipeline() + "@" + (held.holder() == null ? "?" : held.holder().runId());
            if (!held.pipeline().equals(pipeline) && reportedSharers.add(sharer)) {
                log.warn("Pipeline '{}': its inbox {} is consumed by pipeline '{}' of {} too; each file goes to one"
                        + " of them", pipeline, inbox.path(), held.pipeline(),
                        held.holder() == null ? "another instance" : held.holder().describe());
            }
            log.debug("Not taking {}: {} holds it", path, held.holder() == null ? "?" : held.holder().describe());
            return false;
        }
        if (outcome instanceof FileClaims.NotNow notNow) {
            if (!notNowReported) {
                notNowReported = true;
                log.warn("Pipeline '{}' takes no file from {} for now: {}", pipeline, inbox.path(), notNow.why());
            }
            return false;
        }
        notNowReported = false;
        FileClaims.Claimed won = (FileClaims.Claimed) outcome;
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            claims.get().release(inbox.id(), relative); // another instance moved it away just before
            return false;
        }
        claimed.add(relative);
        if (won.takenOverFrom() != null) {
            log.info("Pipeline '{}' took over {} from {}: {}", pipeline, relative, won.takenOverFrom().describe(),
                    won.why());
        }
        return true;
    }

    @Override
    public void releaseExclusiveReadLockOnAbort(GenericFileOperations<File> operations, GenericFile<File> file,
            Exchange exchange) throws Exception {
        try {
            if (inner != null) {
                inner.releaseExclusiveReadLockOnAbort(operations, file, exchange);
            }
        } finally {
            release(file);
        }
    }

    @Override
    public void releaseExclusiveReadLockOnRollback(GenericFileOperations<File> operations, GenericFile<File> file,
            Exchange exchange) throws Exception {
        try {
            if (inner != null) {
                inner.releaseExclusiveReadLockOnRollback(operations, file, exchange);
            }
        } finally {
            release(file);
        }
    }

    @Override
    public void releaseExclusiveReadLockOnCommit(GenericFileOperations<File> operations, GenericFile<File> file,
            Exchange exchange) throws Exception {
        try {
            if (inner != null) {
                inner.releaseExclusiveReadLockOnCommit(operations, file, exchange);
            }
        } finally {
            release(file);
        }
    }

    private void release(GenericFile<File> file) {
        String relative = root.relativize(pathOf(file)).toString();
        if (claimed.remove(relative)) {
            claims.get().release(inbox.id(), relative);
        }
    }

    @Override
    public void setTimeout(long timeout) {
        if (inner != null) {
            inner.setTimeout(timeout);
        }
    }

    @Override
    public void setCheckInterval(long checkInterval) {
        if (inner != null) {
            inner.setCheckInterval(checkInterval);
        }
    }

    @Override
    public void setReadLockLoggingLevel(LoggingLevel readLockLoggingLevel) {
        if (inner != null) {
            inner.setReadLockLoggingLevel(readLockLoggingLevel);
        }
    }

    @Override
    public void setMarkerFiler(boolean markerFile) {
        if (inner != null) {
            inner.setMarkerFiler(markerFile);
        }
    }

    @Override
    public void setDeleteOrphanLockFiles(boolean deleteOrphanLockFiles) {
        if (inner != null) {
            inner.setDeleteOrphanLockFiles(deleteOrphanLockFiles);
        }
    }

    private static Path pathOf(GenericFile<File> file) {
        File f = file.getFile();
        Path path = f != null ? f.toPath() : Path.of(file.getAbsoluteFilePath());
        return path.toAbsolutePath().normalize();
    }
}
