package io.filebridge.intake.hotfolder;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

/**
 * A hot folder's listing filter: a recursive consumer must not walk into a linked folder (its files would be taken
 * from wherever the link points), so a folder that is a link is refused like a linked file, before anything below it
 * is listed. Everything else goes on to the filter the route set, if any; files are checked when they are taken
 * ({@link HotFolderStrategy#begin}).
 */
final class InboxFilter implements GenericFileFilter<File> {

    private final GenericFileFilter<File> routeFilter;
    private final HotFolders hotFolders;
    private final Path inboxRoot;
    /** The pipeline (route id) of the endpoint, and where its failed folder takes a refused entry. */
    private final Supplier<String> pipeline;
    private final BiFunction<GenericFile<File>, Refusal, Optional<Path>> failedTarget;

    InboxFilter(GenericFileFilter<File> routeFilter, HotFolders hotFolders, Path inboxRoot, Supplier<String> pipeline,
            BiFunction<GenericFile<File>, Refusal, Optional<Path>> failedTarget) {
        this.routeFilter = routeFilter;
        this.hotFolders = hotFolders;
        this.inboxRoot = inboxRoot;
        this.pipeline = pipeline;
        this.failedTarget = failedTarget;
    }

    /** The filter the route set itself, if any. */
    GenericFileFilter<File> routeFilter() {
        return routeFilter;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        if (file.isDirectory()) {
            File listed = file.getFile();
            String relative = inboxRoot.relativize(listed.toPath().toAbsolutePath().normalize()).toString();
            Optional<Refusal> refusal = InboxEntries.checkFolder(listed, relative, inboxRoot, hotFolders.links());
            if (refusal.isPresent()) {
                hotFolders.refuse(pipeline.get(), refusal.get(), failedTarget.apply(file, refusal.get()));
                return false;
            }
        }
        return routeFilter == null || routeFilter.accept(file);
    }
}
