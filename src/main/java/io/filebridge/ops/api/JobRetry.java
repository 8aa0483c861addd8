package io.filebridge.ops.api;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Optional;

import io.filebridge.ledger.FailedStage;
import io.filebridge.ledger.FileEntry;
import io.filebridge.ledger.FileState;
import io.filebridge.ledger.JobEntry;
import io.filebridge.ledger.JobLedger;
import io.filebridge.ledger.Ledger;
import io.filebridge.secrets.SecretRedactor;
import io.filebridge.translation.SpoolFolder;
import io.filebridge.translation.TrackingSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.aws2.s3.AWS2S3Endpoint;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Sends a failed job back through its pipeline without anyone moving files: its failed copy (recorded in the ledger
 * when the file failed) goes back to where the intake reads it, under the same relative path. The failed copy is
 * either the input the file consumer moved to the failed folder (or S3 failed prefix), with its {@code .error.json}
 * report beside it, or, for a translation whose vendor job failed after the input was archived, the original kept
 * in the spool ({@link io.filebridge.translation.JobTracker}). The row turns RETRYING first, so that the next pickup of
 * that path and content continues the same job ({@link Ledger#receive}) rather than starting a new one or counting as
 * a duplicate.
 *
 * <p>A local copy is first moved out of its place to a hidden name (Camel's file consumer skips names starting with
 * '.'), then its leftovers (report, spool folder) go, and only then does it appear in the intake: a new run of the
 * job that fails again or spools again at once can never have its fresh files removed by this retry.
 */
// Order of durable effects (docs/promises.md, "Retry"): RETRYING, the copy to a hidden name in the inbox, the copy to
// its place; finishInterruptedRetries completes what a stop left between them.
@Service
public class JobRetry {

    private static final Logger log = LoggerFactory.getLogger(JobRetry.class);
    private static final String REPORT_SUFFIX = ".error.json";

    /** Where the failed copy is: a local file (failed folder or spool) or an S3 object. */
    private sealed interface FailedCopy permits LocalCopy, S3Copy {
    }

    /** A local failed copy; a spooled one is cleaned with its spool folder, a failed-folder one with its report. */
    private record LocalCopy(Path file, boolean spooled) implements FailedCopy {
        String describe() {
            return spooled ? "spooled original " + file : "failed copy " + file;
        }
    }

    private record S3Copy(String location, String bucket, String key) implements FailedCopy {
        /** {@code s3://<bucket>/<key>}, as S3Intake.moveToFailed reports it (the key may hold any character). */
        static S3Copy parse(String location) {
            String rest = location.substring("s3://".length());
            return new S3Copy(location, rest.substring(0, rest.indexOf('/')), rest.substring(rest.indexOf('/') + 1));
        }
    }

    private final Ledger ledger;
    private final JobLedger jobs;
    private final CamelContext camel;
    private final SecretRedactor redactor;
    private final TrackingSettings tracking;
    private final Clock clock;

    public JobRetry(Ledger ledger, JobLedger jobs, CamelContext camel, SecretRedactor redactor,
            TrackingSettings tracking, Clock clock) {
        this.ledger = ledger;
        this.jobs = jobs;
        this.camel = camel;
        this.redactor = redactor;
        this.tracking = tracking;
        this.clock = clock;
    }

    /** Puts the job's failed copy back into its intake; 404 for an unknown job, 409 with the reason otherwise. */
    public void retry(long id, String by) {
        FileEntry job = ledger.find(id).orElseThrow(() -> ApiException.notFound("no job " + id));
        if (!job.state().needsAPerson() && job.state() != FileState.DISMISSED) {
            throw ApiException.conflict("job " + id + " is " + job.state() + "; only FAILED, INTERRUPTED or DISMISSED"
                    + " jobs can be retried");
        }
        if (refetchDeliveries(job, by)) {
            return;
        }
        String location = ledger.failedCopy(id).orElseThrow(() -> ApiException.conflict("job " + id
                + " has no failed copy to retry from (it was not moved to a failed folder and no original was kept"
                + " in the spool); drop the file into the intake again"));
        Route route = camel.getRoute(job.pipeline());
        if (route == null) {
            throw ApiException.conflict("job " + id + " belongs to pipeline '" + job.pipeline()
                    + "', which does not run here");
        }
        FailedCopy copy = location.startsWith("s3://") ? S3Copy.parse(location)
                : new LocalCopy(Path.of(location), jobs.find(id).map(JobEntry::spoolPath)
                        .filter(location::equals).isPresent());
        if (copy instanceof S3Copy s3Copy && route.getEndpoint() instanceof AWS2S3Endpoint s3) {
            s3ToS3(job, s3Copy, s3, by);
        } else if (copy instanceof LocalCopy local && route.getEndpoint() instanceof GenericFileEndpoint<?> file) {
            localToFolder(job, local, file, by);
        } else if (copy instanceof LocalCopy local && route.getEndpoint() instanceof AWS2S3Endpoint s3) {
            localToS3(job, local, s3, by);
        } else {
            throw ApiException.conflict("job " + id + "'s failed copy " + location + " does not match the intake"
                    + " of pipeline '" + job.pipeline() + "' any more");
        }
    }

    /**
     * A translation whose outputs failed only at their delivery: while the vendor keeps the job (max-job-age), they
     * are fetched again from it; nothing is sent or ordered again. True if that is what happened.
     */
    private boolean refetchDeliveries(FileEntry job, String by) {
        if (job.failedStage() != FailedStage.DELIVERY) {
            return false;
        }
        return jobs.find(job.id()).filter(j -> j.submittedAt().plus(tracking.getMaxJobAge()).isAfter(clock.instant()))
                .map(j -> {
                    int reopened = jobs.reopenDeliveries(job.id(), clock.instant(), "retry requested by " + by
                            + "; the vendor has the outputs of job " + j.vendorJobId() + ": fetched again");
                    if (reopened > 0) {
                        log.info("pipeline={} job={}: retry requested by {}; {} output(s) are fetched again from job"
                                + " {}", job.pipeline(), job.id(), by, reopened, j.vendorJobId());
                    }
                    return reopened > 0;
                }).orElse(false);
    }

    /**
     * Finishes retries a stop interrupted, once filebridge has started: a copy left under its hidden name in the inbox
     * goes to its place (the pickup then continues the job); a job whose failed copy never left its place is FAILED
     * again, so an operator can retry it.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void finishInterruptedRetries() {
        for (FileEntry job : ledger.findByState(FileState.RETRYING)) {
            try {
                Route route = camel.getRoute(job.pipeline());
                if (route != null && route.getEndpoint() instanceof GenericFileEndpoint<?> file) {
                    Path inbox = Path.of(file.getConfiguration().getDirectory()).toAbsolutePath().normalize();
                    Path target = inbox.resolve(job.relativePath()).normalize();
                    Path hidden = target.resolveSibling(".retry-" + job.id() + "-" + target.getFileName());
                    if (Files.exists(hidden) && !Files.exists(target)) {
                        move(hidden, target);
                        log.info("pipeline={} job={}: the retry a stop interrupted is finished; {} is in the inbox",
                                job.pipeline(), job.id(), job.relativePath());
                        continue;
                    }
                    if (Files.exists(target) || Files.exists(hidden)) {
                        continue; // in the inbox already: the pickup continues the job
                    }
                }
                Optional<String> copy = ledger.failedCopy(job.id());
                if (copy.isPresent() && !copy.get().startsWith("s3://") && Files.exists(Path.of(copy.get()))) {
                    ledger.retryFailed(job.id(), "the retry was interrupted by a stop before its copy reached the"
                            + " intake; the copy is still at " + copy.get() + ": retry again");
                }
            } catch (IOException | RuntimeException e) {
                log.warn("pipeline={} job={}: could not finish the retry a stop interrupted: {}", job.pipeline(),
                        job.id(), e.toString());
            }
        }
    }

    private void localToFolder(FileEntry job, LocalCopy copy, GenericFileEndpoint<?> endpoint, String by) {
        Path inbox = Path.of(endpoint.getConfiguration().getDirectory()).toAbsolutePath().normalize();
        Path target = inbox.resolve(job.relativePath()).normalize();
        if (!target.startsWith(inbox) || target.equals(inbox)) {
            throw ApiException.conflict("job " + job.id() + "'s relative path leads outside the inbox; not retried");
        }
        requirePresent(job, copy);
        if (Files.exists(target)) {
            throw ApiException.conflict("a file " + job.relativePath() + " is in the inbox already; retry once it"
                    + " has been taken");
        }
        markRetrying(job, by, copy.describe() + " goes back to the inbox");
        // hidden until complete: a copy across file systems takes a while, and the consumer must not see half
        Path hidden = target.resolveSibling(".retry-" + job.id() + "-" + target.getFileName());
        try {
            Files.createDirectories(target.getParent());
            Files.move(copy.file(), hidden, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            failRetry(job, "the retry could not take the " + copy.describe() + " to the inbox: " + e);
        }
        cleanUp(job, copy);
        try {
            move(hidden, target);
        } catch (IOException e) {
            restore(hidden, copy);
            failRetry(job, "the retry could not put " + job.relativePath() + " into the inbox " + inbox + ": " + e);
        }
        log.info("pipeline={} job={}: retry requested by {}; {} is back in the inbox", job.pipeline(), job.id(), by,
                job.relativePath());
    }

    private void localToS3(FileEntry job, LocalCopy copy, AWS2S3Endpoint endpoint, String by) {
        String bucket = endpoint.getConfiguration().getBucketName();
        String key = intakeKey(job, endpoint);
        requirePresent(job, copy);
        markRetrying(job, by, copy.describe() + " goes back to s3://" + bucket + "/" + key);
        // out of the spool folder first (same file system: a rename), so the folder can go before the new run spools
        Path held = copy.file().toAbsolutePath().getParent()
                .resolveSibling(".retry-" + job.id() + "-" + copy.file().getFileName());
        try {
            Files.move(copy.file(), held, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            failRetry(job, "the retry could not take the " + copy.describe() + " for the upload: " + e);
        }
        cleanUp(job, copy);
        try {
            // an object only becomes visible in S3 once it is complete
            endpoint.getS3Client().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromFile(held));
            Files.deleteIfExists(held);
        } catch (IOException | RuntimeException e) {
            restore(held, copy);
            failRetry(job, "the retry could not put " + copy.file() + " to s3://" + bucket + "/" + key + ": "
                    + redactor.redact(e.getMessage()));
        }
        log.info("pipeline={} job={}: retry requested by {}; s3://{}/{} is back under the intake prefix",
                job.pipeline(), job.id(), by, bucket, key);
    }

    private void s3ToS3(FileEntry job, S3Copy copy, AWS2S3Endpoint endpoint, String by) {
        String bucket = endpoint.getConfiguration().getBucketName();
        String key = intakeKey(job, endpoint);
        S3Client client = endpoint.getS3Client();
        try {
            client.headObject(r -> r.bucket(copy.bucket()).key(copy.key()));
        } catch (NoSuchKeyException e) {
            throw gone(job, "failed copy " + copy.location());
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw gone(job, "failed copy " + copy.location());
            }
            throw new IllegalStateException("could not read " + copy.location() + ": "
                    + redactor.redact(e.getMessage()), e);
        }
        markRetrying(job, by, copy.location() + " goes back to s3://" + bucket + "/" + key);
        try {
            // copy, then delete: if anything fails in between, the object exists at least once
            client.copyObject(r -> r.sourceBucket(copy.bucket()).sourceKey(copy.key()).destinationBucket(bucket)
                    .destinationKey(key));
        } catch (RuntimeException e) {
            failRetry(job, "the retry could not copy " + copy.location() + " back to s3://" + bucket + "/" + key
                    + ": " + redactor.redact(e.getMessage()));
        }
        try {
            client.deleteObject(r -> r.bucket(copy.bucket()).key(copy.key()));
            client.deleteObject(r -> r.bucket(copy.bucket()).key(copy.key() + REPORT_SUFFIX));
        } catch (RuntimeException e) {
            log.warn("pipeline={} job={}: retried, but the failed copy or its report under {} could not be deleted:"
                    + " {}", job.pipeline(), job.id(), copy.location(), redactor.redact(e.getMessage()));
        }
        log.info("pipeline={} job={}: retry requested by {}; s3://{}/{} is back under the intake prefix",
                job.pipeline(), job.id(), by, bucket, key);
    }

    private static String intakeKey(FileEntry job, AWS2S3Endpoint endpoint) {
        String prefix = endpoint.getConfiguration().getPrefix() == null ? "" : endpoint.getConfiguration().getPrefix();
        return prefix + job.relativePath();
    }

    private static void requirePresent(FileEntry job, LocalCopy copy) {
        if (!Files.isRegularFile(copy.file())) {
            throw gone(job, copy.describe());
        }
    }

    private static ApiException gone(FileEntry job, String what) {
        return ApiException.conflict("job " + job.id() + "'s " + what + " is gone (moved or deleted by hand?);"
                + " nothing to retry. Drop the file into the intake again to send it anew");
    }

    private void markRetrying(FileEntry job, String by, String what) {
        if (!ledger.markRetrying(job.id(), "retry requested by " + by + "; " + what)) {
            throw ApiException.conflict("job " + job.id() + " is no longer FAILED or INTERRUPTED (retried already?)");
        }
    }

    /** The row goes back to FAILED with the reason, and the caller gets it as a 409. */
    private void failRetry(FileEntry job, String error) {
        ledger.retryFailed(job.id(), error);
        throw ApiException.conflict(error);
    }

    /** What the copy leaves behind once it has been taken: its spool folder, or its report in the failed folder. */
    private static void cleanUp(FileEntry job, LocalCopy copy) {
        if (copy.spooled()) {
            SpoolFolder.delete(copy.file());
            return;
        }
        Path report = copy.file().resolveSibling(copy.file().getFileName() + REPORT_SUFFIX);
        try {
            Files.deleteIfExists(report);
        } catch (IOException e) {
            log.warn("pipeline={} job={}: retried, but the old report {} could not be deleted: {}", job.pipeline(),
                    job.id(), report, e.toString());
        }
    }

    /** Puts a held copy back where it was, so a retry that could not finish loses nothing and can be asked again. */
    private static void restore(Path held, LocalCopy copy) {
        try {
            Files.createDirectories(copy.file().toAbsolutePath().getParent());
            Files.move(held, copy.file(), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            log.error("The copy held at {} could not be put back to {}: {}", held, copy.file(), e.toString());
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to); // same folder, so this does not happen on any file system we know of
        }
    }
}
