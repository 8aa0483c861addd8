package io.filebridge.translation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.connector.VendorCallFailed;
import io.filebridge.connector.phrase.translation.JobSpec;
import io.filebridge.connector.phrase.translation.LanguageAiClient;
import io.filebridge.connector.phrase.translation.LanguageCode;
import io.filebridge.connector.phrase.translation.OutputKind;
import io.filebridge.connector.phrase.translation.TranslationOrder;
import io.filebridge.connector.phrase.translation.TranslationStatus;
import io.filebridge.connector.phrase.translation.TranslationStatus.Key;
import io.filebridge.delivery.TargetDelivery;
import io.filebridge.files.AtomicFiles;
import io.filebridge.files.Readable;
import io.filebridge.ledger.FailedStage;
import io.filebridge.ledger.FileEntry;
import io.filebridge.ledger.JobEntry;
import io.filebridge.ledger.JobLedger;
import io.filebridge.ledger.Ledger;
import io.filebridge.ledger.OutputEntry;
import io.filebridge.ledger.OutputState;
import io.filebridge.ledger.S3Objects;
import io.filebridge.pipeline.OutcomeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Follows submitted translation jobs to the end: reads each due job's status from Phrase (a callback only brings
 * that look forward; it is never trusted on its own), delivers every finished output once to the pipeline's target
 * under its output name, records failed languages with a report beside where their output would be, and ends the
 * job as completed (its spool folder goes) or failed (its spooled original stays, recorded as the file's failed
 * copy, so an operator can retry the job). Jobs live in the ledger, so all of this resumes after a restart.
 */
// Order of durable effects (docs/promises.md, "Delivery of translated outputs"): the output is written under its
// name (temporary name, flush, rename), then marked DELIVERED; a failure's report is written before the output is
// marked FAILED; the row ends COMPLETED or FAILED before the spool folder goes.
@Component
public class JobTracker {

    private static final Logger log = LoggerFactory.getLogger(JobTracker.class);
    private static final int BATCH = 20;

    private final JobLedger jobs;
    private final Ledger ledger;
    private final S3Objects s3Objects;
    private final LanguageAiClient client;
    private final TargetDelivery delivery;
    private final TrackingSettings settings;
    private final OutcomeLog outcomes;
    private final ObjectMapper json;
    private final Clock clock;

    public JobTracker(JobLedger jobs, Ledger ledger, S3Objects s3Objects, LanguageAiClient client,
            TargetDelivery delivery, TrackingSettings settings, OutcomeLog outcomes, ObjectMapper json, Clock clock) {
        this.jobs = jobs;
        this.ledger = ledger;
        this.s3Objects = s3Objects;
        this.client = client;
        this.delivery = delivery;
        this.settings = settings;
        this.outcomes = outcomes;
        this.json = json;
        this.clock = clock;
    }

    /**
     * After a start, every open job is looked at on the poller's first ticks instead of at the next look its old
     * schedule planned: what happened at Phrase while filebridge was down is picked up at once.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void lookAtOpenJobsAfterStart() {
        int moved = jobs.pollAllSoon(clock.instant());
        if (moved > 0) {
            log.info("{} open translation job(s) from before the start are looked at now", moved);
        }
        removeFinishedSpoolFolders();
    }

    /**
     * A job completes in the ledger before its spool folder goes: a stop in between leaves the folder. At start,
     * folders of rows that no longer need their original (completed, duplicates, superseded, or unknown) go.
     */
    private void removeFinishedSpoolFolders() {
        Path spool = settings.getSpoolDir();
        if (!Files.isDirectory(spool)) {
            return;
        }
        try (var folders = Files.list(spool)) {
            for (Path folder : folders.filter(f -> f.getFileName().toString().matches("\\d{1,18}")).toList()) {
                long id = Long.parseLong(folder.getFileName().toString());
                boolean needed = ledger.find(id).map(f -> switch (f.state()) {
                    case COMPLETED, DUPLICATE, SUPERSEDED -> false;
                    default -> true;
                }).orElse(false);
                if (!needed) {
                    SpoolFolder.delete(folder.resolve("original"));
                }
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Could not look for finished spool folders in {}: {}", spool, e.toString());
        }
    }

    /** Looks at every job that is due; called by the poller route. */
    public void pollDue() {
        Instant now = clock.instant();
        for (JobEntry job : jobs.due(now, BATCH)) {
            Duration age = Duration.between(job.submittedAt(), now);
            if (jobs.claim(job, now.plus(settings.nextPollAfter(age)))) {
                MDC.put("job", String.valueOf(job.fileId())); // pipeline and file follow once the spec is read
                try {
                    track(job, age);
                } catch (RuntimeException e) {
                    log.error("Tracking job {} (ledger row {}) failed; it is looked at again later", job.vendorJobId(),
                            job.fileId(), e);
                } finally {
                    MDC.remove("job");
                    MDC.remove("pipeline");
                    MDC.remove("file");
                }
            }
        }
    }

    /**
     * Reads the job's status first, even when the job is past {@code max-job-age} (after downtime, Phrase may have
     * finished it long ago): every OK result is delivered, every ERROR failed, and only what is still RUNNING then
     * fails for its age. An OK result whose download fails for a while is left for the next look.
     */
    private void track(JobEntry job, Duration age) {
        JobSpec spec = read(job.spec());
        MDC.put("pipeline", spec.pipeline());
        MDC.put("file", spec.relativePath());
        boolean overAge = age.compareTo(settings.getMaxJobAge()) > 0;
        TranslationStatus status;
        try {
            status = client.status(job.vendorJobId());
        } catch (VendorCallFailed e) {
            if (e.httpStatus() != null && (e.httpStatus() == 404 || e.httpStatus() == 410)) {
                failPending(job, spec, "Phrase no longer knows the job (HTTP " + e.httpStatus() + "): "
                        + e.getMessage());
                finish(job, spec);
            } else if (overAge) {
                failPending(job, spec, ageLimitReached() + "; its status could not be read either: "
                        + e.getMessage());
                finish(job, spec);
            } else {
                log.warn("Status of job {} could not be read ({}); it is looked at again later", job.vendorJobId(),
                        e.getMessage());
            }
            return;
        }
        TranslationOrder order = spec.order();
        for (OutputEntry output : jobs.outputs(job.fileId())) {
            if (output.state() != OutputState.PENDING) {
                continue;
            }
            OutputKind kind = OutputKind.ofLedger(output.actionType());
            switch (status.resultOf(new Key(kind.action(), output.targetLang()))) {
                case OK -> deliver(job, spec, order, output, kind);
                case ERROR -> failOutput(job, spec, order, output, "Phrase reported ERROR for "
                        + output.targetLang() + " (" + kind.action() + ")", FailedStage.VENDOR);
                case RUNNING -> {
                    if (overAge) {
                        failOutput(job, spec, order, output, ageLimitReached(), FailedStage.VENDOR);
                    }
                }
            }
        }
        finish(job, spec);
    }

    private String ageLimitReached() {
        return "no result within max-job-age (" + Readable.duration(settings.getMaxJobAge())
                + "): Phrase deletes job files 24 h after upload";
    }

    private void deliver(JobEntry job, JobSpec spec, TranslationOrder order, OutputEntry output, OutputKind kind) {
        String name = kind.outputName(languageOutputName(spec, order, output.targetLang()));
        try {
            Path temp = Path.of(job.spoolPath()).resolveSibling("download-" + output.id());
            Double score = null;
            if (kind.score()) {
                score = client.qualityScore(job.vendorJobId(), output.targetLang());
                AtomicFiles.write(temp, json.writeValueAsBytes(java.util.Map.of("language", output.targetLang(),
                        "score", score, "file", spec.relativePath())));
            } else {
                client.download(job.vendorJobId(), kind.action(), output.targetLang(), temp);
            }
            delivery.deliver(spec.target(), name, temp);
            Files.deleteIfExists(temp);
            if (jobs.delivered(output.id(), name, score)) {
                outcomes.output(spec.pipeline(), spec.relativePath(), LanguageAiClient.VENDOR, job.vendorJobId(), name,
                        "DELIVERED", score == null ? null : "score " + score);
            }
        } catch (VendorCallFailed e) {
            if (e.retryable()) {
                log.warn("Output {} of job {} not fetched yet ({}); tried again later", name, job.vendorJobId(),
                        e.getMessage());
            } else {
                failOutput(job, spec, order, output, e.getMessage(), FailedStage.VENDOR);
            }
        } catch (IOException | RuntimeException e) {
            // Phrase has the output; writing it failed (disk full, a name too long, an unreachable target). It is
            // tried again at the next looks, and given up with a report after delivery-attempts in a row.
            int failures = jobs.deliveryFailed(output.id());
            if (failures >= settings.getDeliveryAttempts()) {
                failOutput(job, spec, order, output, "Phrase has the output (job " + job.vendorJobId() + "), but it"
                        + " could not be written to the target " + failures + " times in a row: " + e.getMessage(),
                        FailedStage.DELIVERY);
            } else {
                log.warn("Output {} of job {} not written yet (attempt {} of {}: {}); tried again later", name,
                        job.vendorJobId(), failures, settings.getDeliveryAttempts(), e.toString());
            }
        }
    }

    /**
     * Leaves a report where the output would have been, then marks the output failed: a stop in between leaves a
     * report the next look writes again, never a failed output without its report.
     */
    private void failOutput(JobEntry job, JobSpec spec, TranslationOrder order, OutputEntry output, String error,
            FailedStage stage) {
        if (output.state() != OutputState.PENDING) {
            return;
        }
        OutputKind kind = OutputKind.ofLedger(output.actionType());
        String name = kind.outputName(languageOutputName(spec, order, output.targetLang()));
        String reportName = reportName(spec, order, output.actionType(), output.targetLang());
        try {
            Path report = Path.of(job.spoolPath()).resolveSibling("report-" + output.id());
            var body = new java.util.LinkedHashMap<String, Object>();
            body.put("pipeline", spec.pipeline());
            body.put("vendor", LanguageAiClient.VENDOR);
            body.put("file", spec.relativePath());
            body.put("job", job.vendorJobId());
            body.put("language", output.targetLang());
            body.put("action", kind.action().name());
            body.put("output", kind.score() ? "score" : "file");
            body.put("stage", stage.name());
            body.put("error", error);
            body.put("failedAt", clock.instant().toString());
            body.put("ledgerId", job.fileId());
            body.put("hint", "The other languages are delivered as usual. To try the failed languages again, retry"
                    + " the job (Retry on the status page, or POST /api/jobs/" + job.fileId() + "/retry): "
                    + (stage == FailedStage.DELIVERY ? "while Phrase keeps the job (24 h), the output is fetched"
                            + " again from it and nothing is translated again; after that,"
                            : "") + " the original waits in the spool, and only the failed languages are ordered"
                    + " again.");
            AtomicFiles.write(report, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(body));
            delivery.deliver(spec.target(), reportName, report);
            Files.deleteIfExists(report);
        } catch (IOException | RuntimeException e) {
            log.error("Could not write the error report for {} of job {}: {}", name, job.vendorJobId(), e.toString());
        }
        if (jobs.failed(output.id(), error, stage)) {
            outcomes.output(spec.pipeline(), spec.relativePath(), LanguageAiClient.VENDOR, job.vendorJobId(), name,
                    "FAILED", error);
        }
    }

    private void failPending(JobEntry job, JobSpec spec, String error) {
        TranslationOrder order = spec.order();
        jobs.outputs(job.fileId()).stream().filter(o -> o.state() == OutputState.PENDING)
                .forEach(o -> failOutput(job, spec, order, o, error, FailedStage.VENDOR));
    }

    /** Ends the job once no output is pending: completed, or failed naming the languages that failed. */
    private void finish(JobEntry job, JobSpec spec) {
        List<OutputEntry> outputs = jobs.outputs(job.fileId());
        if (outputs.stream().anyMatch(o -> o.state() == OutputState.PENDING)) {
            return;
        }
        FileEntry file = ledger.find(job.fileId()).orElseThrow();
        if (file.state() != io.filebridge.ledger.FileState.SUBMITTED) {
            return; // another instance finished it
        }
        String failed = outputs.stream().filter(o -> o.state() == OutputState.FAILED)
                .map(o -> o.targetLang() + " (" + o.actionType() + ")").collect(Collectors.joining(", "));
        if (failed.isEmpty()) {
            ledger.markCompleted(job.fileId(), job.vendorJobId(), file.receipt());
            outcomes.completed(spec.pipeline(), spec.relativePath(), LanguageAiClient.VENDOR, job.vendorJobId(), null,
                    file.attempts(), Duration.between(file.receivedAt(), clock.instant()));
            SpoolFolder.delete(Path.of(job.spoolPath()));
        } else {
            String error = "languages failed: " + failed;
            // The input was archived (.done), so the spooled original is the only copy a retry can send again:
            // it stays, recorded as the failed copy before the row turns FAILED, so the job is retryable at once.
            if (Files.isRegularFile(Path.of(job.spoolPath()))) {
                ledger.recordFailedCopy(job.fileId(), job.spoolPath());
            } else {
                log.warn("The spooled original {} is gone; job {} cannot be retried from it", job.spoolPath(),
                        job.vendorJobId());
            }
            // only undelivered outputs: the vendor has them all, and a retry fetches them again from this job
            boolean onlyDelivery = outputs.stream().filter(o -> o.state() == OutputState.FAILED)
                    .allMatch(o -> o.failedStage() == FailedStage.DELIVERY);
            ledger.markFailed(job.fileId(), null, error, onlyDelivery ? FailedStage.DELIVERY : FailedStage.VENDOR);
            // an S3 intake's object counts as done since the submission: reopen it, or the retry's copy is skipped
            s3Objects.jobFailed(job.fileId(), error);
            outcomes.failed(spec.pipeline(), spec.relativePath(), LanguageAiClient.VENDOR, null, file.attempts(),
                    Duration.between(file.receivedAt(), clock.instant()), error);
        }
    }

    /**
     * The name of an output's failure report in the target, beside where that output would be: a file's
     * {@code <output>.error.json}, a score's {@code <output>.qps.json.error.json}.
     *
     * @param actionType the output's action type as the ledger names it ({@link OutputKind#ledgerName()})
     */
    public static String reportName(JobSpec spec, TranslationOrder order, String actionType, String language) {
        return OutputKind.ofLedger(actionType).reportName(languageOutputName(spec, order, language));
    }

    private static String languageOutputName(JobSpec spec, TranslationOrder order, String language) {
        return order.outputName().resolve(spec.relativePath(), LanguageCode.parse(language));
    }

    private JobSpec read(String spec) {
        try {
            return json.readValue(spec, JobSpec.class);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable job spec in the ledger: " + e.getMessage(), e);
        }
    }
}
