package io.filebridge.intake.hotfolder;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.filebridge.files.EarlyHashes;
import io.filebridge.files.FileStamp;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.GenericFileOperations;
import org.apache.camel.spi.CamelLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.MessageFormatter;

/**
 * A non-blocking read lock for the Camel {@code file:} consumer that only hands out a file once it has stopped
 * changing for a quiet period, measured with this process's monotonic clock.
 *
 * <p>Camel offers every candidate file to {@link #acquireExclusiveReadLock} on every poll. This strategy remembers,
 * per absolute path, the file's last observed fingerprint (size, modification time and, where the platform exposes
 * them, the inode change time and file key) and the tick at which that fingerprint was first observed. It answers
 * {@code true} only when the fingerprint is unchanged and has been unchanged for at least the quiet period; otherwise it
 * records the observation and answers {@code false}, so Camel skips the file for this poll and offers it again on the
 * next one. Nothing sleeps, so one slow writer does not hold up the other files of a poll.
 *
 * <p>The modification time is only compared for equality, never against the wall clock: a copy that preserves an old
 * mtime ({@code cp -p}, {@code rsync -t}, Windows Explorer) still has to sit unchanged for the quiet period. This is
 * what Camel's {@code readLock=changed} with {@code readLockMinAge} does not do (CAMEL-19378: it only checks
 * {@code mtime < now - minAge}).
 *
 * <p>One instance serves one endpoint: Camel configures the strategy per endpoint (see {@link #prepareOnStartup}), so
 * the Spring bean is prototype-scoped. Binding one instance to two endpoints fails on the second one's first poll.
 *
 * <p>Empty files pass like any other once stable; rejecting them is the upload step's job.
 */
public class StableFileReadLock implements GenericFileExclusiveReadLockStrategy<File> {

    public static final Duration DEFAULT_QUIET_PERIOD = Duration.ofSeconds(2);
    public static final Duration DEFAULT_FORGET_AFTER = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(StableFileReadLock.class);

    private final Duration configuredQuietPeriod;
    private final long forgetAfterNanos;
    private final LongSupplier ticker;
    private final ConcurrentMap<Path, Observation> observations = new ConcurrentHashMap<>();
    private final AtomicLong lastPruneTick;

    private volatile long quietPeriodNanos;
    private volatile LoggingLevel loggingLevel = LoggingLevel.DEBUG;
    private String boundEndpointUri;
    /** Told about files that keep changing for longer than {@link #unsettledAfterNanos}; null: nobody listens. */
    private volatile UnsettledFiles unsettled;
    private volatile long unsettledAfterNanos = Long.MAX_VALUE;
    private volatile String pipeline = "?";
    private volatile Path inbox;
    /** Hashes large files while they wait out the quiet period; null: none are. */
    private volatile EarlyHashes earlyHashes;

    public StableFileReadLock() {
        this(DEFAULT_QUIET_PERIOD);
    }

    public StableFileReadLock(Duration quietPeriod) {
        this(quietPeriod, DEFAULT_FORGET_AFTER, System::nanoTime);
    }

    /**
     * @param quietPeriod how long a file must stay unchanged, as seen by this process, before it is taken
     * @param forgetAfter how long an observation of a file that is no longer offered is kept before it is pruned;
     *                    must be longer than the quiet period
     * @param nanoTicker  a monotonic clock in nanoseconds ({@code System::nanoTime} outside tests)
     */
    public StableFileReadLock(Duration quietPeriod, Duration forgetAfter, LongSupplier nanoTicker) {
        Objects.requireNonNull(quietPeriod, "quietPeriod");
        Objects.requireNonNull(forgetAfter, "forgetAfter");
        if (quietPeriod.isNegative()) {
            throw new IllegalArgumentException("quietPeriod must not be negative: " + quietPeriod);
        }
        if (forgetAfter.compareTo(quietPeriod) <= 0) {
            throw new IllegalArgumentException(
                    "forgetAfter (" + forgetAfter + ") must be longer than the quiet period (" + quietPeriod + ")");
        }
        this.configuredQuietPeriod = quietPeriod;
        this.quietPeriodNanos = quietPeriod.toNanos();
        this.forgetAfterNanos = forgetAfter.toNanos();
        this.ticker = Objects.requireNonNull(nanoTicker, "nanoTicker");
        this.lastPruneTick = new AtomicLong(nanoTicker.getAsLong());
    }

    /**
     * Reports files that have kept changing for longer than {@code after} to {@code files} (once each), and when
     * they settle or disappear.
     */
    public StableFileReadLock reportingUnsettled(UnsettledFiles files, Duration after) {
        this.unsettled = files;
        this.unsettledAfterNanos = after.toNanos();
        return this;
    }

    /**
     * Large files get their SHA-256 computed while their quiet period runs ({@link EarlyHashes}): from when they are
     * first seen, and again after a change once they are seen unchanged. A change drops a hash under way.
     */
    public StableFileReadLock hashingEarly(EarlyHashes hashes) {
        this.earlyHashes = hashes;
        return this;
    }

    /**
     * Called by the consumer on its first poll after each start, with its endpoint. camel-file 4.18 calls none of this
     * interface's setters for a strategy given as {@code exclusiveReadLockStrategy}, so the per-endpoint options are
     * read here: {@code readLockMinAge} (if &gt; 0) replaces the quiet period and {@code readLockLoggingLevel} sets the
     * level of the "not taken yet" messages.
     */
    @Override
    public void prepareOnStartup(GenericFileOperations<File> operations, GenericFileEndpoint<File> endpoint) {
        String uri = endpoint.getEndpointUri();
        synchronized (this) {
            if (boundEndpointUri != null && !boundEndpointUri.equals(uri)) {
                throw new IllegalStateException("This StableFileReadLock is already used by " + boundEndpointUri
                        + " and cannot also serve " + uri + ": it keeps per-endpoint settings and state, so give each"
                        + " endpoint its own instance (the Spring bean 'stableReadLock' is prototype-scoped)");
            }
            boundEndpointUri = uri;
        }

        inbox = Path.of(endpoint.getConfiguration().getDirectory()).toAbsolutePath().normalize();
        if (endpoint.getCamelContext() != null) {
            endpoint.getCamelContext().getRoutes().stream().filter(r -> r.getEndpoint() == endpoint).findFirst()
                    .ifPresent(r -> pipeline = r.getRouteId());
        }
        long minAgeMillis = endpoint.getReadLockMinAge();
        Duration effective = minAgeMillis > 0 ? Duration.ofMillis(minAgeMillis) : configuredQuietPeriod;
        quietPeriodNanos = effective.toNanos();
        if (endpoint.getReadLockLoggingLevel() != null) {
            loggingLevel = endpoint.getReadLockLoggingLevel();
        }
        String readLock = endpoint.getReadLock();
        if (readLock != null && !readLock.isEmpty() && !"none".equals(readLock) && !"false".equals(readLock)) {
            LOG.warn("{}: readLock={} is ignored because exclusiveReadLockStrategy is set", endpoint, readLock);
        }
        LOG.info("{}: files are taken after {} without change ({})", endpoint, effective,
                minAgeMillis > 0 ? "the endpoint's readLockMinAge" : "the configured quiet period");
    }

    @Override
    public boolean acquireExclusiveReadLock(
            GenericFileOperations<File> operations, GenericFile<File> file, Exchange exchange) {
        Path path = pathOf(file);
        long now = ticker.getAsLong();
        pruneIfDue(now);

        FileStamp current;
        try {
            current = FileStamp.of(path);
        } catch (NoSuchFileException e) {
            forget(path);
            log("Not taking {}: it no longer exists", path);
            return false;
        } catch (IOException e) {
            forget(path);
            log("Not taking {} yet: cannot read its attributes ({})", path, e.toString());
            return false;
        }

        Observation previous = observations.get(path);
        if (previous == null) {
            observations.put(path, Observation.first(current, now));
            // most large files appear whole (renamed in); one still being written costs one hash, cut short
            hashEarly(path, current);
            log("Not taking {} yet: first seen ({}); waiting for {} ms without change",
                    path, current, nanosToMillis(quietPeriodNanos));
            return false;
        }
        if (previous.granted()) {
            log("Not taking {}: it is already taken and still being processed", path);
            return false;
        }
        if (!previous.fingerprint().equals(current)) {
            observations.put(path, previous.changedTo(current, now));
            dropEarlyHash(path);
            log("Not taking {} yet: it changed since the last poll ({} -> {}); waiting for {} ms without change",
                    path, previous.fingerprint(), current, nanosToMillis(quietPeriodNanos));
            long changingFor = now - previous.pendingSinceTick();
            if (unsettled != null && changingFor > unsettledAfterNanos) {
                unsettled.unsettled(pipeline, inbox, path, Duration.ofNanos(changingFor));
            }
            return false;
        }
        long unchangedFor = now - previous.firstSeenTick();
        if (unchangedFor < quietPeriodNanos) {
            observations.put(path, previous.seenAt(now));
            hashEarly(path, current);
            log("Not taking {} yet: unchanged for {} ms of the required {} ms",
                    path, nanosToMillis(unchangedFor), nanosToMillis(quietPeriodNanos));
            return false;
        }
        observations.put(path, previous.grantedAt(now));
        log("Taking {}: unchanged for {} ms ({})", path, nanosToMillis(unchangedFor), current);
        if (unsettled != null) {
            unsettled.settled(pipeline, path);
        }
        return true;
    }

    /**
     * Camel calls this right after {@link #acquireExclusiveReadLock} answered {@code false} (and also when a granted
     * file could not begin, e.g. a failed {@code preMove}). Only a granted lock is forgotten here: forgetting a pending
     * observation would restart the quiet period on every poll and no file would ever be taken.
     */
    @Override
    public void releaseExclusiveReadLockOnAbort(
            GenericFileOperations<File> operations, GenericFile<File> file, Exchange exchange) {
        observations.computeIfPresent(pathOf(file), (path, observation) -> observation.granted() ? null : observation);
    }

    @Override
    public void releaseExclusiveReadLockOnRollback(
            GenericFileOperations<File> operations, GenericFile<File> file, Exchange exchange) {
        observations.remove(pathOf(file));
        dropEarlyHash(pathOf(file));
    }

    private void hashEarly(Path path, FileStamp stamp) {
        EarlyHashes hashes = earlyHashes;
        if (hashes != null) {
            hashes.observed(path, stamp);
        }
    }

    private void dropEarlyHash(Path path) {
        EarlyHashes hashes = earlyHashes;
        if (hashes != null) {
            hashes.forget(path);
        }
    }

    private void forget(Path path) {
        observations.remove(path);
        dropEarlyHash(path);
        if (unsettled != null) {
            unsettled.settled(pipeline, path);
        }
    }

    @Override
    public void releaseExclusiveReadLockOnCommit(
            GenericFileOperations<File> operations, GenericFile<File> file, Exchange exchange) {
        observations.remove(pathOf(file));
        dropEarlyHash(pathOf(file));
    }

    /** Not used: this strategy never waits, a file that is not ready is simply offered again on the next poll. */
    @Override
    public void setTimeout(long timeout) {
        // non-blocking: nothing to time out
    }

    /** Not used: the check interval is the consumer's poll {@code delay}. */
    @Override
    public void setCheckInterval(long checkInterval) {
        // non-blocking: the poll delay is the check interval
    }

    @Override
    public void setReadLockLoggingLevel(LoggingLevel readLockLoggingLevel) {
        if (readLockLoggingLevel != null) {
            this.loggingLevel = readLockLoggingLevel;
        }
    }

    /** Not used: this strategy writes no marker files. */
    @Override
    public void setMarkerFiler(boolean markerFile) {
        // no marker files
    }

    /** Not used: this strategy writes no marker files. */
    @Override
    public void setDeleteOrphanLockFiles(boolean deleteOrphanLockFiles) {
        // no marker files
    }

    /** The quiet period in force: {@code readLockMinAge} of the endpoint if set, else the configured one. */
    public Duration getQuietPeriod() {
        return Duration.ofNanos(quietPeriodNanos);
    }

    /**
     * The tick at which the first file now waiting out its quiet period becomes due, or {@link Long#MAX_VALUE}. Only
     * due times after {@code lastPollStart} count: a file that was due before the last poll began and was not taken
     * by it is gone (or changed, and then has a later due time), so it must not make the next poll come at once.
     */
    public long nextDueAfter(long lastPollStart) {
        long quiet = quietPeriodNanos;
        long next = Long.MAX_VALUE;
        for (Observation observation : observations.values()) {
            long due = observation.firstSeenTick() + quiet;
            if (!observation.granted() && due > lastPollStart && due < next) {
                next = due;
            }
        }
        return next;
    }

    /** How many files this instance currently tracks. */
    public int trackedFiles() {
        return observations.size();
    }

    /** Whether this instance currently tracks the file. */
    public boolean isTracking(File file) {
        return observations.containsKey(file.toPath().toAbsolutePath().normalize());
    }

    /**
     * Drops observations that have not been refreshed for {@code forgetAfter}: those of files that no longer exist
     * (deleted or renamed by their writer before they were stable, moved away by a {@code preMove}), and granted locks
     * that were never released. A stale observation of a file that still exists is kept, so a consumer that polls less
     * often than {@code forgetAfter} still gets its files. Runs at most every half {@code forgetAfter}.
     */
    private void pruneIfDue(long now) {
        long last = lastPruneTick.get();
        if (now - last < forgetAfterNanos / 2 || !lastPruneTick.compareAndSet(last, now)) {
            return;
        }
        observations.entrySet().removeIf(entry -> {
            Observation observation = entry.getValue();
            if (now - observation.lastSeenTick() < forgetAfterNanos) {
                return false;
            }
            boolean forget = observation.granted() || !Files.exists(entry.getKey());
            if (forget && unsettled != null) {
                unsettled.settled(pipeline, entry.getKey());
            }
            if (forget) {
                dropEarlyHash(entry.getKey());
            }
            if (forget) {
                LOG.trace("Forgetting {}: not offered for {} ms", entry.getKey(),
                        nanosToMillis(now - observation.lastSeenTick()));
            }
            return forget;
        });
    }

    private static Path pathOf(GenericFile<File> file) {
        File f = file.getFile();
        Path path = f != null ? f.toPath() : Path.of(file.getAbsoluteFilePath());
        return path.toAbsolutePath().normalize();
    }

    private static long nanosToMillis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }

    private void log(String format, Object... args) {
        LoggingLevel level = loggingLevel;
        if (CamelLogger.shouldLog(LOG, level)) {
            String message = MessageFormatter.arrayFormat(format, args).getMessage();
            CamelLogger.log(LOG, level, message);
        }
    }

    /**
     * One file's last fingerprint, when this process first saw that fingerprint, when it last saw the file, whether it
     * was taken, and since when it has been waiting to settle (kept across changes).
     */
    record Observation(FileStamp fingerprint, long firstSeenTick, long lastSeenTick, boolean granted,
            long pendingSinceTick) {

        static Observation first(FileStamp fingerprint, long tick) {
            return new Observation(fingerprint, tick, tick, false, tick);
        }

        Observation changedTo(FileStamp changed, long tick) {
            return new Observation(changed, tick, tick, false, pendingSinceTick);
        }

        Observation seenAt(long tick) {
            return new Observation(fingerprint, firstSeenTick, tick, false, pendingSinceTick);
        }

        Observation grantedAt(long tick) {
            return new Observation(fingerprint, firstSeenTick, tick, true, pendingSinceTick);
        }
    }
}
