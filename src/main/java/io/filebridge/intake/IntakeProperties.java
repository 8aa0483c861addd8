package io.filebridge.intake;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the intake, hot folders and S3 ({@code filebridge.intake.*}). One more,
 * {@code filebridge.intake.s3-claim-lease}, is bound by the ledger ({@code io.filebridge.ledger.S3ClaimSettings}),
 * which keeps the claims.
 *
 * @param quietPeriod    How long a hot-folder file must keep the same size and modification time, as observed by
 *                       filebridge, before {@code exclusiveReadLockStrategy: "#stableReadLock"} takes it. A route's
 *                       {@code readLockMinAge} overrides it for that route.
 * @param forgetAfter    How long the read lock remembers a file that is no longer offered (deleted or renamed before
 *                       it was stable) before forgetting it.
 * @param unsettledAfter How long a hot-folder file may keep changing before it is reported as one that keeps
 *                       changing (one WARN line, {@code filebridge_files_unsettled{pipeline}}, the status page and
 *                       {@code unsettled} in {@code GET /api/pipelines}); it is still not taken while it changes.
 * @param links          What a hot folder does with a symbolic link: {@code refuse} moves the link itself to the
 *                       failed folder with a report, never following it; {@code inside-inbox} follows a link whose
 *                       target lies inside the same inbox and refuses the others.
 * @param s3FailedPrefix Where a failed S3 object goes (this key prefix in the consumer's {@code destinationBucket},
 *                       else in the same bucket), with {@code <key>.error.json} beside it.
 * @param fileEvents     Whether a continuous hot folder also polls when the file system reports a change in it
 *                       (inotify on Linux), and when a file's quiet period ends, so a new file is taken right after
 *                       its quiet period. The consumer's {@code delay} stays the fallback, for network shares (NFS,
 *                       SMB) whose changes raise no event. {@code false}: poll every {@code delay} only.
 * @param largeFilesFrom Hot-folder files of at least this size are large. Their SHA-256 (which decides duplicates
 *                       and must be known before an upload completes) is computed while their quiet period runs, on
 *                       one thread, and used only if the file did not change from its start to the pickup (one still
 *                       being written costs a hash that is cut short). Their upload starts at the pickup, while the
 *                       hash is finished: all but the last block is sent, and the last block only once the ledger row
 *                       says UPLOADING, so a duplicate or a stop leaves the vendor an incomplete request, which is no
 *                       upload. Vendors whose request names the ledger row (Phrase Connectors, for its callback) start
 *                       after the pickup as usual. {@code 0}: every file is hashed when taken and sent after that.
 */
@ConfigurationProperties("filebridge.intake")
public record IntakeProperties(
        @DefaultValue("2s") Duration quietPeriod,
        @DefaultValue("10m") Duration forgetAfter,
        @DefaultValue("15m") Duration unsettledAfter,
        @DefaultValue("refuse") LinkPolicy links,
        @DefaultValue("failed/") String s3FailedPrefix,
        @DefaultValue("true") boolean fileEvents,
        @DefaultValue("16MB") DataSize largeFilesFrom) {

    /** See {@link IntakeProperties#links}. */
    public enum LinkPolicy { REFUSE, INSIDE_INBOX }
}
