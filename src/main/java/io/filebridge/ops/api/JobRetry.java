package io.filebridge.ops.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import io.filebridge.ledger.FileEntry;
import io.filebridge.ledger.FileState;
import io.filebridge.ledger.Ledger;
import io.filebridge.security.SecretRedactor;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.aws2.s3.AWS2S3Endpoint;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Sends a failed job back through its pipeline without anyone moving files: its failed copy (recorded in the ledger
 * when the file failed) goes back to where the intake reads it, under the same relative path, and its
 * {@code .error.json} report is removed. The row turns RETRYING first, so that the next pickup of that path and
 * content continues the same job ({@link Ledger#receive}) rather than starting a new one or counting as a duplicate.
 */
@Service
public class JobRetry {

    private static final Logger log = LoggerFactory.getLogger(JobRetry.class);
    private static final String REPORT_SUFFIX = ".error.json";

    private final Ledger ledger;
    private final CamelContext camel;
    private final SecretRedactor redactor;

    public JobRetry(Ledger ledger, CamelContext camel, SecretRedactor redactor) {
        this.ledger = ledger;
        this.camel = camel;
        this.redactor = redactor;
    }

    /** Puts the job's failed copy back into its intake; 404 for an unknown job, 409 with the reason otherwise. */
    public void retry(long id, String by) {
        FileEntry job = ledger.find(id).orElseThrow(() -> ApiException.notFound("no job " + id));
        if (job.state() != FileState.FAILED && job.state() != FileState.INTERRUPTED) {
            throw ApiException.conflict("job " + id + " is " + job.state() + "; only FAILED or INTERRUPTED jobs can"
                    + " be retried");
        }
        String failedCopy = ledger.failedCopy(id).orElseThrow(() -> ApiException.conflict("job " + id
                + " has no failed copy to retry from (it was not moved to a failed folder, e.g. a translation whose"
                + " vendor job failed after the input was archived); drop the file into the intake again"));
        Route route = camel.getRoute(job.pipeline());
        if (route == null) {
            throw ApiException.conflict("job " + id + " belongs to pipeline '" + job.pipeline()
                    + "', which does not run here");
        }
        if (failedCopy.startsWith("s3://") && route.getEndpoint() instanceof AWS2S3Endpoint s3) {
            retryFromS3(job, failedCopy, s3, by);
        } else if (!failedCopy.startsWith("s3://") && route.getEndpoint() instanceof GenericFileEndpoint<?> file) {
            retryFromFolder(job, Path.of(failedCopy), file, by);
        } else {
            throw ApiException.conflict("job " + id + "'s failed copy " + failedCopy + " does not match the intake"
                    + " of pipeline '" + job.pipeline() + "' any more");
        }
    }

    private void retryFromFolder(FileEntry job, Path failed, GenericFileEndpoint<?> endpoint, String by) {
        Path inbox = Path.of(endpoint.getConfiguration().getDirectory()).toAbsolutePath().normalize();
        Path target = inbox.resolve(job.relativePath()).normalize();
        if (!target.startsWith(inbox) || target.equals(inbox)) {
            throw ApiException.conflict("job " + job.id() + "'s relative path leads outside the inbox; not retried");
        }
        if (!Files.isRegularFile(failed)) {
            throw ApiException.conflict("job " + job.id() + "'s failed copy " + failed + " is gone (moved or deleted"
                    + " by hand?); nothing to retry");
        }
        if (Files.exists(target)) {
            throw ApiException.conflict("a file " + job.relativePath() + " is in the inbox already; retry once it"
                    + " has been taken");
        }
        if (!ledger.markRetrying(job.id(), "retry requested by " + by + "; " + failed + " goes back to the inbox")) {
            throw ApiException.conflict("job " + job.id() + " is no longer FAILED or INTERRUPTED (retried already?)");
        }
        try {
            Files.createDirectories(target.getParent());
            // same file system (both below the inbox): an atomic rename, so the intake never sees half a file
            Files.move(failed, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            String error = "the retry could not move " + failed + " back to " + target + ": " + e;
            ledger.retryFailed(job.id(), error);
            throw ApiException.conflict(error);
        }
        Path report = failed.resolveSibling(failed.getFileName() + REPORT_SUFFIX);
        try {
            Files.deleteIfExists(report);
        } catch (IOException e) {
            log.warn("pipeline={} job={}: retried, but the old report {} could not be deleted: {}", job.pipeline(),
                    job.id(), report, e.toString());
        }
        log.info("pipeline={} job={}: retry requested by {}; {} is back in the inbox", job.pipeline(), job.id(), by,
                job.relativePath());
    }

    private void retryFromS3(FileEntry job, String failedText, AWS2S3Endpoint endpoint, String by) {
        // s3://<bucket>/<key>, as S3Intake.moveToFailed reports it (the key may hold any character)
        String location = failedText.substring("s3://".length());
        String failedBucket = location.substring(0, location.indexOf('/'));
        String failedKey = location.substring(location.indexOf('/') + 1);
        String bucket = endpoint.getConfiguration().getBucketName();
        String prefix = endpoint.getConfiguration().getPrefix() == null ? "" : endpoint.getConfiguration().getPrefix();
        String key = prefix + job.relativePath();
        S3Client client = endpoint.getS3Client();
        try {
            client.headObject(r -> r.bucket(failedBucket).key(failedKey));
        } catch (NoSuchKeyException e) {
            throw ApiException.conflict("job " + job.id() + "'s failed copy " + failedText + " is gone; nothing to"
                    + " retry");
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw ApiException.conflict("job " + job.id() + "'s failed copy " + failedText + " is gone; nothing"
                        + " to retry");
            }
            throw new IllegalStateException("could not read " + failedText + ": "
                    + redactor.redact(e.getMessage()), e);
        }
        if (!ledger.markRetrying(job.id(), "retry requested by " + by + "; " + failedText + " goes back to s3://"
                + bucket + "/" + key)) {
            throw ApiException.conflict("job " + job.id() + " is no longer FAILED or INTERRUPTED (retried already?)");
        }
        try {
            // copy, then delete: if anything fails in between, the object exists at least once
            client.copyObject(r -> r.sourceBucket(failedBucket).sourceKey(failedKey).destinationBucket(bucket)
                    .destinationKey(key));
        } catch (RuntimeException e) {
            String error = "the retry could not copy " + failedText + " back to s3://" + bucket + "/" + key + ": "
                    + redactor.redact(e.getMessage());
            ledger.retryFailed(job.id(), error);
            throw ApiException.conflict(error);
        }
        try {
            client.deleteObject(r -> r.bucket(failedBucket).key(failedKey));
            client.deleteObject(r -> r.bucket(failedBucket).key(failedKey + REPORT_SUFFIX));
        } catch (RuntimeException e) {
            log.warn("pipeline={} job={}: retried, but the failed copy or its report under {} could not be deleted:"
                    + " {}", job.pipeline(), job.id(), failedText, redactor.redact(e.getMessage()));
        }
        log.info("pipeline={} job={}: retry requested by {}; s3://{}/{} is back under the intake prefix",
                job.pipeline(), job.id(), by, bucket, key);
    }
}
