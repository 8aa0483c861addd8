package io.filebridge.intake.hotfolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import io.filebridge.intake.hotfolder.UnsettledFiles;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.component.file.FileConsumer;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StableFileReadLockTest {

    private static final Duration QUIET = Duration.ofSeconds(2);
    private static final Duration FORGET_AFTER = Duration.ofMinutes(10);

    @TempDir
    Path dir;

    private final AtomicLong ticker = new AtomicLong(1_000_000_000L);
    private StableFileReadLock lock;

    @BeforeEach
    void setUp() {
        lock = new StableFileReadLock(QUIET, FORGET_AFTER, ticker::get);
    }

    @Test
    void growingFileIsNeverTaken() throws IOException {
        Path file = write("growing.bin", "a");

        for (int i = 0; i < 5; i++) {
            assertThat(acquire(file)).as("poll %d while the file grows", i).isFalse();
            append(file, "more");
            advance(QUIET.multipliedBy(2));
        }
        assertThat(acquire(file)).as("changed since the last poll").isFalse();
    }

    @Test
    void fileStableForLessThanTheQuietPeriodIsNotTakenAndIsTakenOnceItHasBeen() throws IOException {
        Path file = write("report.pdf", "complete");

        assertThat(acquire(file)).as("first sight").isFalse();
        advance(QUIET.minusMillis(1));
        assertThat(acquire(file)).as("unchanged for 1999 ms").isFalse();
        advance(Duration.ofMillis(1));
        assertThat(acquire(file)).as("unchanged for the whole quiet period").isTrue();
    }

    @Test
    void quietPeriodRestartsWhenTheFileChanges() throws IOException {
        Path file = write("report.pdf", "part 1");

        assertThat(acquire(file)).isFalse();
        advance(QUIET.minusMillis(100));
        append(file, " part 2");
        assertThat(acquire(file)).as("changed").isFalse();
        advance(QUIET.minusMillis(1));
        assertThat(acquire(file)).as("only 1999 ms since the change was seen").isFalse();
        advance(Duration.ofMillis(1));
        assertThat(acquire(file)).isTrue();
    }

    @Test
    void growingFileWithItsModificationTimeResetToYesterdayIsNotTaken() throws IOException {
        FileTime yesterday = FileTime.from(Instant.now().minus(Duration.ofDays(1)));
        Path file = write("copied with cp -p.bin", "chunk");
        Files.setLastModifiedTime(file, yesterday);

        assertThat(acquire(file)).as("an old mtime is not trusted on first sight").isFalse();
        for (int i = 0; i < 3; i++) {
            advance(QUIET.multipliedBy(3));
            append(file, "chunk");
            Files.setLastModifiedTime(file, yesterday);
            assertThat(acquire(file)).as("grew although its mtime is a day old, poll %d", i).isFalse();
        }

        advance(QUIET);
        assertThat(acquire(file)).as("unchanged for the quiet period after the last chunk").isTrue();
    }

    @Test
    void modificationTimeChangeAloneRestartsTheQuietPeriod() throws IOException {
        Path file = write("touched.txt", "same size");

        assertThat(acquire(file)).isFalse();
        advance(QUIET.minusMillis(1));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofDays(1))));
        assertThat(acquire(file)).as("mtime changed").isFalse();
        advance(QUIET.minusMillis(1));
        assertThat(acquire(file)).isFalse();
        advance(Duration.ofMillis(1));
        assertThat(acquire(file)).isTrue();
    }

    @Test
    void emptyFileIsTakenOnceStable() throws IOException {
        Path file = write("empty.pdf", "");

        assertThat(acquire(file)).isFalse();
        advance(QUIET);
        assertThat(acquire(file)).isTrue();
    }

    @Test
    void vanishedFileIsNotTakenAndForgotten() throws IOException {
        Path file = write("gone.txt", "data");
        assertThat(acquire(file)).isFalse();
        assertThat(lock.isTracking(file.toFile())).isTrue();

        Files.delete(file);
        advance(QUIET);

        assertThat(acquire(file)).isFalse();
        assertThat(lock.isTracking(file.toFile())).isFalse();
        assertThat(lock.trackedFiles()).isZero();
    }

    @Test
    void fileRecreatedUnderTheSameNameWaitsAgain() throws IOException {
        Path file = write("same-name.txt", "v1");
        assertThat(acquire(file)).isFalse();
        Files.delete(file);
        write("same-name.txt", "v2");
        advance(QUIET);

        assertThat(acquire(file)).as("a new file under an observed name").isFalse();
        advance(QUIET);
        assertThat(acquire(file)).isTrue();
    }

    @Test
    void abortAfterNotReadyKeepsTheObservationBecauseCamelAbortsEveryFileThatWasNotTaken() throws Exception {
        Path file = write("pending.txt", "data");

        assertThat(acquire(file)).isFalse();
        lock.releaseExclusiveReadLockOnAbort(null, genericFile(file), null);
        advance(QUIET);

        assertThat(acquire(file)).isTrue();
    }

    @Test
    void grantedFileIsNotHandedOutTwiceAndIsForgottenOnCommitRollbackOrAbort() throws Exception {
        Path committed = stableAndTaken("committed.txt");
        assertThat(acquire(committed)).as("already taken").isFalse();
        lock.releaseExclusiveReadLockOnCommit(null, genericFile(committed), null);
        assertThat(lock.isTracking(committed.toFile())).isFalse();

        Path rolledBack = stableAndTaken("rolled-back.txt");
        lock.releaseExclusiveReadLockOnRollback(null, genericFile(rolledBack), null);
        assertThat(lock.isTracking(rolledBack.toFile())).isFalse();

        Path aborted = stableAndTaken("aborted.txt");
        lock.releaseExclusiveReadLockOnAbort(null, genericFile(aborted), null);
        assertThat(lock.isTracking(aborted.toFile())).isFalse();

        assertThat(lock.trackedFiles()).isZero();
        assertThat(acquire(rolledBack)).as("a rolled-back file that stays waits a fresh quiet period").isFalse();
    }

    @Test
    void observationsOfFilesNoLongerOfferedArePruned() throws IOException {
        Path deletedByWriter = write("upload.tmp", "partial");
        Path stillThere = write("slow-poll.txt", "data");
        assertThat(acquire(deletedByWriter)).isFalse();
        assertThat(acquire(stillThere)).isFalse();
        Files.delete(deletedByWriter);

        advance(FORGET_AFTER.minusSeconds(1));
        Path other = write("other.txt", "data");
        assertThat(acquire(other)).isFalse();
        assertThat(lock.trackedFiles()).as("a pruning pass ran, but nothing was old enough").isEqualTo(3);

        advance(FORGET_AFTER.dividedBy(2));
        assertThat(acquire(write("trigger.txt", "data"))).isFalse();

        assertThat(lock.isTracking(deletedByWriter.toFile())).as("vanished, not seen for forgetAfter").isFalse();
        assertThat(lock.isTracking(stillThere.toFile())).as("not seen for forgetAfter but still exists").isTrue();
        assertThat(lock.isTracking(other.toFile())).as("seen 5 minutes ago").isTrue();
        assertThat(lock.trackedFiles()).isEqualTo(3);
        assertThat(acquire(stillThere)).as("its quiet period was not lost to pruning").isTrue();
    }

    @Test
    void grantedLocksThatAreNeverReleasedArePruned() throws IOException {
        Path file = stableAndTaken("never-released.txt");

        advance(FORGET_AFTER);
        assertThat(acquire(write("trigger.txt", "x"))).isFalse();

        assertThat(lock.isTracking(file.toFile())).isFalse();
    }

    @Test
    void pruningRunsAtMostEveryHalfForgetAfter() throws IOException {
        Path gone = write("gone.tmp", "x");
        assertThat(acquire(gone)).isFalse();
        Files.delete(gone);
        Path other = write("other.txt", "x");

        advance(Duration.ofMinutes(6));
        acquire(other); // a pass runs: nothing is old enough; the next one is due 5 minutes later
        advance(Duration.ofMinutes(4));
        acquire(other);
        assertThat(lock.isTracking(gone.toFile())).as("10 minutes old, but the next pass is not due").isTrue();

        advance(Duration.ofMinutes(1));
        acquire(other);
        assertThat(lock.isTracking(gone.toFile())).isFalse();
    }

    @Test
    void endpointReadLockMinAgeOverridesTheQuietPeriod() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            FileEndpoint withMinAge = context.getEndpoint(
                    "file:" + dir + "?readLockMinAge=5s&readLockLoggingLevel=TRACE", FileEndpoint.class);
            lock.prepareOnStartup(null, withMinAge);
            assertThat(lock.getQuietPeriod()).isEqualTo(Duration.ofSeconds(5));

            Path file = write("big.iso", "data");
            assertThat(acquire(file)).isFalse();
            advance(QUIET);
            assertThat(acquire(file)).as("2 s is not enough with readLockMinAge=5s").isFalse();
            advance(Duration.ofSeconds(3));
            assertThat(acquire(file)).isTrue();

            StableFileReadLock other = new StableFileReadLock(QUIET, FORGET_AFTER, ticker::get);
            other.prepareOnStartup(null, context.getEndpoint("file:" + dir.resolve("plain"), FileEndpoint.class));
            assertThat(other.getQuietPeriod()).isEqualTo(QUIET);
        }
    }

    @Test
    void oneInstanceRefusesToServeTwoEndpoints() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            FileEndpoint first = context.getEndpoint("file:" + dir.resolve("a"), FileEndpoint.class);
            FileEndpoint second = context.getEndpoint("file:" + dir.resolve("b"), FileEndpoint.class);

            lock.prepareOnStartup(null, first);
            lock.prepareOnStartup(null, first); // a restarted consumer prepares again

            assertThatThrownBy(() -> lock.prepareOnStartup(null, second))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("prototype");
        }
    }

    @Test
    void aFileThatKeepsChangingIsReportedOnceAndForgottenWhenItSettles() throws IOException {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        UnsettledFiles unsettled = new UnsettledFiles(metrics, Clock.systemUTC());
        lock.reportingUnsettled(unsettled, Duration.ofMinutes(15));
        Path file = write("app.log", "line");

        for (int minute = 0; minute < 20; minute++) {
            assertThat(acquire(file)).isFalse();
            append(file, "another line");
            advance(Duration.ofMinutes(1));
        }

        assertThat(unsettled.of("?")).singleElement().satisfies(u -> assertThat(u.path()).isEqualTo(file.toString()));
        assertThat(metrics.get("filebridge.files.unsettled").tag("pipeline", "?").gauge().value()).isEqualTo(1.0);
        assertThat(acquire(file)).as("changed since the last poll").isFalse();
        advance(QUIET);
        assertThat(acquire(file)).as("quiet at last").isTrue();
        assertThat(unsettled.of("?")).isEmpty();
        assertThat(metrics.get("filebridge.files.unsettled").tag("pipeline", "?").gauge().value()).isZero();
    }

    private Path stableAndTaken(String name) throws IOException {
        Path file = write(name, "data");
        assertThat(acquire(file)).isFalse();
        advance(QUIET);
        assertThat(acquire(file)).isTrue();
        return file;
    }

    private boolean acquire(Path file) {
        return lock.acquireExclusiveReadLock(null, genericFile(file), null);
    }

    private GenericFile<File> genericFile(Path file) {
        return FileConsumer.asGenericFile(dir.toString(), file.toFile(), null, false);
    }

    private void advance(Duration duration) {
        ticker.addAndGet(duration.toNanos());
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static void append(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardOpenOption.APPEND);
    }
}
