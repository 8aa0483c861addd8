package io.filebridge.intake.s3;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.filebridge.intake.FailedInputs;
import io.filebridge.intake.FailureReport;
import io.filebridge.intake.FileRun;
import io.filebridge.intake.Infrastructure;
import io.filebridge.intake.IntakeGate;
import io.filebridge.intake.IntakeProperties;
import io.filebridge.intake.S3Intake;
import io.filebridge.ledger.FileEntry;
import io.filebridge.ledger.Ledger;
import io.filebridge.ledger.S3Objects;
import io.filebridge.secrets.SecretRedactor;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.apache.camel.component.aws2.s3.AWS2S3Endpoint;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The first step of every route whose consumer is aws2-s3 ({@link S3IntakeGuardInstaller} puts it there): before an
 * object is processed, it is claimed in the ledger ({@link S3Objects}) under (pipeline, bucket, key, ETag).
 * <ul>
 * <li>claimed: the exchange goes on; when it ends the object is recorded DONE, or FAILED (so a copy put back later
 * is tried again), and the object's bucket/key headers are put back for the consumer's move, in case a step (such
 * as an aws2-s3 receipt target, which takes its key from the same header) changed them. The vendor step records DONE itself as soon as the vendor has the file ({@link #handled}), so a
 * stop between the upload and the consumer's move does not lead to a second upload.</li>
 * <li>already done (same key and content handled before, by this or another instance): the exchange stops here
 * successfully, so the consumer still moves the object away (processed/ or deleted), and nothing is sent again.</li>
 * <li>held by another instance, or by an earlier poll of this one (the 4.18 consumer has no in-progress repository,
 * so the next poll lists objects still being uploaded): the exchange ends rollback-only, which the consumer answers
 * by leaving the object where it is.</li>
 * </ul>
 * An in-memory set of the objects in flight here answers the common "still in flight" case without a database trip.
 */
@Component("s3IntakeGuard")
public class S3IntakeGuard implements Processor {

    /** Exchange property with this exchange's {@link Claimed} object. */
    static final String CLAIM = "FilebridgeS3Claim";

    private static final Logger log = LoggerFactory.getLogger(S3IntakeGuard.class);

    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final S3Objects objects;
    private final Ledger ledger;
    private final FailedInputs failedInputs;
    private final SecretRedactor redactor;
    private final ObjectWriter reports;
    private final String failedPrefix;
    private final ObjectProvider<IntakeGate> gate;

    public S3IntakeGuard(S3Objects objects, Ledger ledger, FailedInputs failedInputs, SecretRedactor redactor,
            ObjectMapper json, ObjectProvider<IntakeGate> gate,
            IntakeProperties intake) {
        this.gate = gate;
        this.objects = objects;
        this.ledger = ledger;
        this.failedInputs = failedInputs;
        this.redactor = redactor;
        this.reports = FailureReport.writer(json);
        this.failedPrefix = intake.s3FailedPrefix();
    }

    @Override
    public void process(Exchange exchange) {
        String bucket = exchange.getIn().getHeader(AWS2S3Constants.BUCKET_NAME, String.class);
        String key = exchange.getIn().getHeader(AWS2S3Constants.KEY, String.class);
        if (bucket == null || key == null) {
            throw new IllegalStateException("s3IntakeGuard belongs right after an aws2-s3 consumer"
                    + " (no CamelAwsS3BucketName/CamelAwsS3Key header on this message)");
        }
        String pipeline = exchange.getFromRouteId();
        IntakeGate intakeGate = gate.getIfAvailable();
        if (intakeGate != null && intakeGate.closedBecause().isPresent()) {
            exchange.setRollbackOnly(true); // filebridge's own disk is nearly full: the object waits for a later poll
            return;
        }
        String etag = etagOf(exchange, bucket, key);
        if (etag == null || etag.isBlank()) {
            // some S3-compatible servers list an object while it is still being written, without an ETag yet
            log.info("s3://{}/{} has no ETag yet (still being written?); left for a later poll", bucket, key);
            exchange.setRollbackOnly(true);
            return;
        }
        String local = pipeline + "\n" + bucket + "\n" + key + "\n" + etag;
        if (!inFlight.add(local)) {
            log.debug("s3://{}/{} is still in flight here; this poll leaves it alone", bucket, key);
            exchange.setRollbackOnly(true);
            return;
        }
        S3Objects.Claim claim;
        try {
            claim = objects.claim(pipeline, bucket, key, etag);
        } catch (RuntimeException e) {
            inFlight.remove(local);
            throw e; // the exchange fails before any work: the consumer leaves the object for a later poll
        }
        switch (claim.result()) {
            case HELD -> {
                inFlight.remove(local);
                // debug: every poll meets it again until its holder is done
                log.debug("s3://{}/{} (ETag {}) is being processed by instance '{}' since {}; left alone", bucket,
                        key, etag, claim.entry().instanceId(), claim.entry().claimedAt());
                exchange.setRollbackOnly(true);
            }
            case ALREADY_DONE -> {
                objects.seenAgain(claim.entry().id());
                if (vendorHasIt(claim.entry().fileId())) {
                    // still at its intake key although the vendor has it: a stop came before the consumer's move (or
                    // it was put back). The vendor step hands on the recorded receipt; nothing is sent again.
                    log.info("s3://{}/{} (ETag {}) is with the vendor already (ledger file {}); only what follows the"
                            + " upload is done again", bucket, key, etag, claim.entry().fileId());
                    follow(exchange, bucket, key, null, local);
                    return;
                }
                inFlight.remove(local);
                // once at INFO: a consumer told to leave objects in place (deleteAfterRead=false) meets them each poll
                String message = "s3://{}/{} (ETag {}) was already handled by pipeline '{}' (ledger file {}); not"
                        + " processed again, the consumer moves it away";
                Object[] args = {bucket, key, etag, pipeline, claim.entry().fileId()};
                if (claim.entry().repeats() == 0) {
                    log.info(message, args);
                } else {
                    log.debug(message, args);
                }
                exchange.setRouteStop(true);
            }
            case CLAIMED -> {
                Claimed claimed = new Claimed(objects, claim.entry().id());
                exchange.setProperty(CLAIM, claimed);
                follow(exchange, bucket, key, claimed, local);
            }
        }
    }

    private boolean vendorHasIt(Long fileId) {
        return fileId != null && ledger.find(fileId).map(FileEntry::vendorHasIt).orElse(false);
    }

    /**
     * Starts the object's {@link FileRun} and follows its exchange to the end: a failed object goes to the failed
     * prefix with its report (or stays for a later poll while the ledger is out), and the claim records the outcome.
     */
    private void follow(Exchange exchange, String bucket, String key, Claimed claimed, String local) {
        FileRun.start(exchange, claimed == null ? FileRun.SourceHooks.NONE : claimed);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public int getOrder() {
                // before the consumer's commit (move/delete): it reads the object from these headers, which a later
                // step (an aws2-s3 receipt target) may have changed
                return HIGHEST;
            }

            // SynchronizationAdapter calls onDone only from the onComplete/onFailure it has; both are ours
            @Override
            public void onComplete(Exchange done) {
                try {
                    restoreObjectHeaders(done, bucket, key);
                    if (claimed != null) {
                        // a claim left open would hold the object for the whole lease: wait out a short outage
                        Infrastructure.untilRecorded("the handled object", () -> objects.done(claimed.rowId,
                                claimed.fileId));
                    }
                } finally {
                    if (local != null) {
                        inFlight.remove(local);
                    }
                }
            }

            @Override
            public void onFailure(Exchange failed) {
                try {
                    restoreObjectHeaders(failed, bucket, key);
                    Optional<FailureReport> report = failedInputs.reportFor(failed);
                    if (report.isPresent()) {
                        moveToFailed(failed, report.get());
                    }
                    if (claimed != null) {
                        Exception cause = failed.getException();
                        // a claim left open (the ledger went down with the run) would hold the object for the whole
                        // lease, untouched by any poll: wait out a short outage, as every write after the vendor step
                        if (report.isPresent()) {
                            String detail = cause == null ? "rolled back" : redactor.redact(
                                    cause.getMessage() != null ? cause.getMessage() : cause.toString());
                            Infrastructure.untilRecorded("the failed object",
                                    () -> objects.failed(claimed.rowId, claimed.fileId, detail));
                        } else {
                            // nothing happened to it: a later poll takes it again
                            Infrastructure.untilRecorded("the object's release", () -> objects.release(claimed.rowId));
                        }
                    }
                } catch (RuntimeException e) {
                    log.error("s3://{}/{}: could not finish the failed object ({}); it stays where it is and is read"
                            + " again once its claim's lease (filebridge.intake.s3-claim-lease) ends or filebridge"
                            + " restarts", bucket, key, e.toString());
                } finally {
                    if (local != null) {
                        inFlight.remove(local);
                    }
                }
            }
        });
    }

    private void moveToFailed(Exchange exchange, FailureReport report) {
        Optional<S3Intake> s3 = S3Intake.of(exchange);
        if (s3.isEmpty()) {
            log.error("pipeline={} file={}: failed ({}); no aws2-s3 intake route reads this object",
                    report.pipeline(), report.file() == null ? "?" : report.file().path(), report.error());
            return;
        }
        try {
            String target = s3.get().moveToFailed(failedPrefix, reports.writeValueAsBytes(report));
            failedInputs.failedCopyAt(report, target);
            log.debug("pipeline={}: moved s3://{}/{} to {}", report.pipeline(), s3.get().bucket(), s3.get().key(),
                    target);
        } catch (Exception e) {
            log.error("pipeline={}: could not move s3://{}/{} to the failed prefix {} (it stays where it is and is"
                    + " read again): {}", report.pipeline(), s3.get().bucket(), s3.get().key(), failedPrefix,
                    e.toString());
        }
    }

    /** The consumer moves or deletes the object named by these headers when the exchange completes. */
    private static void restoreObjectHeaders(Exchange exchange, String bucket, String key) {
        exchange.getIn().setHeader(AWS2S3Constants.BUCKET_NAME, bucket);
        exchange.getIn().setHeader(AWS2S3Constants.KEY, key);
        if (exchange.getMessage() != exchange.getIn()) {
            exchange.getMessage().setHeader(AWS2S3Constants.BUCKET_NAME, bucket);
            exchange.getMessage().setHeader(AWS2S3Constants.KEY, key);
        }
    }

    /** How many objects are in flight on this instance right now (for tests and health). */
    public int inFlight() {
        return inFlight.size();
    }

    /** The consumer sets the ETag header from its GetObject; ask the server only if it is missing. Null if none. */
    private static String etagOf(Exchange exchange, String bucket, String key) {
        String etag = exchange.getIn().getHeader(AWS2S3Constants.E_TAG, String.class);
        if ((etag == null || etag.isBlank()) && exchange.getFromEndpoint() instanceof AWS2S3Endpoint endpoint) {
            etag = endpoint.getS3Client().headObject(r -> r.bucket(bucket).key(key)).eTag();
        }
        return etag;
    }

    /** This exchange's claim: its ledger row and, once the vendor step registered the object, its file row. */
    static final class Claimed implements FileRun.SourceHooks {
        final S3Objects objects;
        final long rowId;
        volatile Long fileId;

        Claimed(S3Objects objects, long rowId) {
            this.objects = objects;
            this.rowId = rowId;
        }

        @Override
        public void received(long fileId) {
            this.fileId = fileId;
        }

        /** DONE as soon as the vendor has it, before the consumer's move, so a stop then cannot upload it twice. */
        @Override
        public void handled() {
            objects.done(rowId, fileId);
        }
    }
}
