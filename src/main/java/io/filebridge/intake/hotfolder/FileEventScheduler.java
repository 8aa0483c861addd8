package io.filebridge.intake.hotfolder;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.spi.ScheduledPollConsumerScheduler;
import org.apache.camel.support.ScheduledPollConsumer;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a hot folder's polls when there is something to see, instead of only every {@code delay}: at once when the
 * folder changes (file-system events: inotify on Linux), exactly when the next file's quiet period ends
 * ({@link StableFileReadLock#nextDueAfter}), and at the consumer's {@code delay} as the fallback, for network shares
 * whose changes raise no event and for events the platform dropped. A file that appears is seen within milliseconds
 * and taken when its quiet period ends: the quiet period is its only wait.
 *
 * <p>Events only wake the poll; the poll (Camel's file consumer) stays the one judge of what is in the folder, so a
 * lost or coalesced event costs at most one fallback delay. That is why this uses the JDK's WatchService with plain
 * recursive registration rather than a watcher library: nothing here depends on an event being exact. Subfolders
 * whose names start with a dot ({@code .done/}, {@code .failed/}, hidden ones) are not watched: Camel does not take
 * files from them.
 *
 * <p>Polls never run back to back: after a wake-up the next poll waits at least as long as the last one took (and
 * {@link #MIN_GAP_NANOS}), so a folder that changes all the time costs at most about half a thread.
 */
final class FileEventScheduler extends ServiceSupport implements ScheduledPollConsumerScheduler {

    private static final Logger log = LoggerFactory.getLogger(FileEventScheduler.class);
    static final long MIN_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Path root;
    /** From the start of the last poll to the tick of the next file due then, or Long.MAX_VALUE; see the class. */
    private final LongUnaryOperator nextDueAfter;
    private CamelContext camelContext;
    private ScheduledPollConsumer consumer;
    private volatile Runnable task;
    private volatile Thread thread;
    private volatile WatchService watcher;

    /**
     * @param root         the hot folder
     * @param nextDueAfter given the tick at which the last poll started, the tick ({@link System#nanoTime}) at which
     *                     the next file waiting out its quiet period is due, or {@link Long#MAX_VALUE}
     */
    FileEventScheduler(Path root, LongUnaryOperator nextDueAfter) {
        this.root = root;
        this.nextDueAfter = nextDueAfter;
    }

    @Override
    public void onInit(Consumer consumer) {
        this.consumer = (ScheduledPollConsumer) consumer;
    }

    @Override
    public void scheduleTask(Runnable task) {
        this.task = task;
    }

    @Override
    public void unscheduleTask() {
        this.task = null;
    }

    @Override
    public synchronized void startScheduler() {
        if (thread != null) {
            return;
        }
        watcher = openWatcher();
        Thread started = new Thread(this::pollLoop, "hotfolder-" + consumer.getEndpoint().getEndpointKey());
        started.setDaemon(true);
        thread = started;
        started.start();
    }

    @Override
    public boolean isSchedulerStarted() {
        return thread != null;
    }

    @Override
    protected synchronized void doStop() {
        Thread running = thread;
        thread = null;
        closeWatcher();
        if (running != null) {
            running.interrupt();
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    private void pollLoop() {
        long fallbackNanos = consumer.getTimeUnit().toNanos(Math.max(1, consumer.getDelay()));
        long lastStart = System.nanoTime();
        long lastTook = 0;
        long nextFallback = lastStart + consumer.getTimeUnit().toNanos(Math.max(0, consumer.getInitialDelay()));
        while (thread == Thread.currentThread()) {
            try {
                long due = Math.min(nextFallback, nextDueAfter.applyAsLong(lastStart));
                boolean changed = awaitEvents(due);
                if (!changed && System.nanoTime() < due) {
                    continue;
                }
                long gapEnds = lastStart + Math.max(MIN_GAP_NANOS, lastTook);
                long wait = gapEnds - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait); // events meanwhile are seen by this very poll
                }
                lastStart = System.nanoTime();
                Runnable poll = task;
                if (poll != null) {
                    poll.run(); // Camel's poll: it checks suspension and stop itself, and logs its own failures
                }
                lastTook = System.nanoTime() - lastStart;
                nextFallback = lastStart + lastTook + fallbackNanos;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("{}: a poll failed: {}", consumer.getEndpoint(), e.toString(), e);
            }
        }
    }

    /** Waits until {@code wakeAt} or the first event; true if something in the folder changed. */
    private boolean awaitEvents(long wakeAt) throws InterruptedException {
        WatchService events = watcher;
        long waitNanos = wakeAt - System.nanoTime();
        if (events == null) {
            if (waitNanos > 0) {
                TimeUnit.NANOSECONDS.sleep(waitNanos);
            }
            return false;
        }
        try {
            WatchKey key = waitNanos > 0 ? events.poll(waitNanos, TimeUnit.NANOSECONDS) : events.poll();
            boolean changed = false;
            while (key != null) {
                changed = true;
                registerNewFolders(key);
                key.reset();
                key = events.poll();
            }
            return changed;
        } catch (ClosedWatchServiceException e) {
            return false;
        }
    }

    /** A folder created (or moved) into the hot folder is watched too, with everything below it. */
    private void registerNewFolders(WatchKey key) {
        if (!(key.watchable() instanceof Path folder)) {
            return;
        }
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == ENTRY_CREATE && event.context() instanceof Path name
                    && Files.isDirectory(folder.resolve(name))) {
                register(folder.resolve(name));
            }
        }
    }

    private WatchService openWatcher() {
        try {
            WatchService opened = root.getFileSystem().newWatchService();
            watcher = opened;
            register(root);
            return opened;
        } catch (IOException | UnsupportedOperationException e) {
            log.info("{}: no file-system events for {} ({}); polling every {} ms", consumer.getEndpoint(), root,
                    e.toString(), consumer.getTimeUnit().toMillis(consumer.getDelay()));
            return null;
        }
    }

    private void register(Path folder) {
        WatchService events = watcher;
        if (events == null) {
            return;
        }
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                    if (!dir.equals(root) && dir.getFileName().toString().startsWith(".")) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    dir.register(events, ENTRY_CREATE, ENTRY_MODIFY);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // the poll reports what it cannot read
                }
            });
        } catch (IOException | RuntimeException e) {
            // the fallback delay still finds everything: only the speed of pickup suffers
            log.debug("{}: cannot watch {} ({}); files there are found by the fallback poll", consumer.getEndpoint(),
                    folder, e.toString());
        }
    }

    private void closeWatcher() {
        WatchService open = watcher;
        watcher = null;
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                log.debug("closing the watch service of {}: {}", root, e.toString());
            }
        }
    }
}
