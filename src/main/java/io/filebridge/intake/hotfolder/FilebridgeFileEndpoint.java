package io.filebridge.intake.hotfolder;

import java.io.File;
import java.nio.file.Path;

import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.component.file.FileConsumer;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.component.file.FileOperations;
import org.apache.camel.component.file.GenericFileProcessStrategy;
import org.apache.camel.component.file.GenericFileProducer;

/**
 * Camel's {@code file:} endpoint with filebridge's guarantees: as a consumer (a hot folder) it refuses links, special
 * files and unusable names, never replaces an earlier archive, reports every failure beside the failed input and
 * waits out ledger outages ({@link HotFolderStrategy}, {@link InboxFilter}); as a producer (receipts, outputs) it
 * flushes what it writes before the rename ({@link DurableFileProducer}). Every option of the file component works
 * as Camel documents it.
 */
final class FilebridgeFileEndpoint extends FileEndpoint {

    private final HotFolders hotFolders;
    private volatile HotFolderStrategy strategy;

    FilebridgeFileEndpoint(String uri, FilebridgeFileComponent component, HotFolders hotFolders) {
        super(uri, component);
        this.hotFolders = hotFolders;
    }

    @Override
    protected GenericFileProcessStrategy<File> createGenericFileStrategy() {
        HotFolderStrategy created = (HotFolderStrategy) hotFolders.strategy(this, super.createGenericFileStrategy());
        strategy = created;
        return created;
    }

    @Override
    public FileConsumer createConsumer(Processor processor) throws Exception {
        Path root = Path.of(getConfiguration().getDirectory()).toAbsolutePath().normalize();
        setFilter(new InboxFilter(getFilter() instanceof InboxFilter own ? own.routeFilter() : getFilter(),
                hotFolders, root, this::pipeline, (file, refusal) -> strategy == null ? java.util.Optional.empty()
                        : strategy.failedTarget(getGenericFileOperations(), createExchange(), file,
                                refusal.safeName())));
        FileConsumer consumer = super.createConsumer(processor);
        // a continuous hot folder (no cron scheduler of its own) polls on file-system events and quiet-period ends
        if (consumer.getScheduler() == null && hotFolders.watchesFileEvents()
                && getExclusiveReadLockStrategy() instanceof StableFileReadLock stable) {
            consumer.setScheduler(new FileEventScheduler(root, stable::nextDueAfter));
        }
        return consumer;
    }

    @Override
    public GenericFileProducer<File> createProducer() throws Exception {
        super.createProducer(); // Camel's checks of the producer options
        return new DurableFileProducer(this, new FileOperations(this));
    }

    /** The route (pipeline) consuming from this endpoint. */
    private String pipeline() {
        for (Route route : getCamelContext().getRoutes()) {
            if (route.getEndpoint() == this) {
                return route.getRouteId();
            }
        }
        return getEndpointKey();
    }

    private FileOperations getGenericFileOperations() {
        return new FileOperations(this);
    }
}
