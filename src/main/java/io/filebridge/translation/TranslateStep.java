package io.filebridge.translation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.callback.CallbackUrls;
import io.filebridge.connector.VendorCallFailed;
import io.filebridge.connector.VendorHints;
import io.filebridge.connector.phrase.translation.JobSpec;
import io.filebridge.connector.phrase.translation.LanguageAiClient;
import io.filebridge.connector.phrase.translation.LanguageCode;
import io.filebridge.connector.phrase.translation.TranslationOrder;
import io.filebridge.connector.phrase.translation.TranslationStatus;
import io.filebridge.delivery.Receipts;
import io.filebridge.delivery.TargetDelivery;
import io.filebridge.files.SourceFile;
import io.filebridge.intake.FileFailed;
import io.filebridge.intake.FileIntakeStep;
import io.filebridge.intake.Infrastructure;
import io.filebridge.ledger.JobLedger;
import io.filebridge.ledger.JobLedger.ExpectedOutput;
import io.filebridge.ledger.Ledger;
import io.filebridge.ledger.OutputState;
import io.filebridge.pipeline.OutcomeLog;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The work behind the {@code phrase-translate-action} Kamelet: keep the original in the spool (so the job can be
 * resubmitted while Camel archives the input), submit it to Phrase Language AI with a callback URL when one can be
 * reached, and record the job and its expected outputs. The output message is the submission receipt; the
 * translated files are delivered later by {@link io.filebridge.translation.JobTracker}. A job an operator retried
 * after some of its outputs failed orders only those again; the outputs delivered before stay delivered.
 */
// Order of durable effects (docs/promises.md, "Translation submit"): row UPLOADING, the original into the spool, the
// submission, then SUBMITTED + job + expected outputs in one transaction; the receipt and the archive move follow.
@Component
public class TranslateStep {

    /** Exchange properties the Kamelet sets from its parameters. */

    private static final Logger log = LoggerFactory.getLogger(TranslateStep.class);

    private final FileIntakeStep intake;
    private final LanguageAiClient client;
    private final Ledger ledger;
    private final JobLedger jobs;
    private final CallbackUrls callbacks;
    private final TrackingSettings tracking;
    private final Receipts receipts;
    private final OutcomeLog outcomes;
    private final TargetDelivery delivery;
    private final ObjectMapper json;
    private final Clock clock;

    public TranslateStep(FileIntakeStep intake, LanguageAiClient client, Ledger ledger, JobLedger jobs,
            CallbackUrls callbacks, TrackingSettings tracking, Receipts receipts, OutcomeLog outcomes,
            TargetDelivery delivery, ObjectMapper json, Clock clock) {
        this.intake = intake;
        this.client = client;
        this.ledger = ledger;
        this.jobs = jobs;
        this.callbacks = callbacks;
        this.tracking = tracking;
        this.receipts = receipts;
        this.outcomes = outcomes;
        this.delivery = delivery;
        this.json = json;
        this.clock = clock;
    }

    /** How many submissions may run at once: Phrase's {@code concurrency}. */
    int concurrency() {
        return client.settings().getConcurrency();
    }

    public void translate(Exchange exchange, TranslateOptions options) throws FileFailed {
        intake.run(exchange, LanguageAiClient.VENDOR,
                status -> VendorHints.forStatus("phrase", status, client.settings().credentialVariables()),
                options.skipDuplicates(), (file, entry, work) -> {
                    JobSpec spec = spec(options, file, work.pipeline());
                    TranslationOrder full = spec.order();
                    List<ExpectedOutput> retried = failedLastTime(entry.id(), full);
                    TranslationOrder order = retried.isEmpty() ? full : full.onlyFor(retried);
                    ledger.markUploading(entry.id());
                    Path spooled = spool(entry.id(), file);
                    String callbackUrl = callbacks.register("phrase", entry.id()).map(URI::toString).orElse(null);
                    long submitStart = System.nanoTime();
                    TranslationStatus submitted;
                    try {
                        submitted = client.submit(file, order, callbackUrl, work.timeline());
                    } catch (VendorCallFailed | RuntimeException e) {
                        // no job uses the copy: the input goes to the failed folder, and a retry sends that
                        SpoolFolder.delete(spooled);
                        throw e;
                    }
                    work.vendorHas(submitted.uid());
                    work.recordAnswer(); // the receipt below counts the attempts the ledger has
                    outcomes.uploaded(work.pipeline(), LanguageAiClient.VENDOR, file.size(),
                            java.time.Duration.ofNanos(System.nanoTime() - submitStart));
                    Instant now = clock.instant();
                    List<ExpectedOutput> expected = full.expectedFrom(order);
                    // the vendor has the job: a ledger outage now must be waited out, not fail the run (see vendorHas)
                    int attempts = Infrastructure.untilRecorded("the submission's attempts",
                            () -> ledger.find(entry.id()).map(e -> e.attempts()).orElse(1));
                    String receipt = receipts.submitted(work.pipeline(), LanguageAiClient.VENDOR, file, entry.id(),
                            submitted.uid(), order.targetLangs().stream().map(LanguageCode::code).toList(),
                            order.actionTypes().stream().map(Enum::name).toList(),
                            CallbackUrls.withoutToken(submitted.body(), callbackUrl), attempts, work.receivedAt(), now);
                    Infrastructure.untilRecorded("the submitted job", () -> jobs.submitted(entry.id(), submitted.uid(),
                            spooled.toString(), write(spec), expected, now.plus(tracking.getPollInterval()), receipt));
                    removeStaleReports(spec, retried);
                    outcomes.submitted(work.pipeline(), file.relativePath(), LanguageAiClient.VENDOR, submitted.uid(),
                            attempts, work.took());
                    return receipt;
                });
    }

    /**
     * The outputs that failed in this row's previous job, when an operator retried it; empty for a first submission
     * (or a retry of a file whose submission itself failed). Only those are ordered again. Outputs the pipeline no
     * longer orders are left out; if nothing is left, the whole order goes again.
     */
    private List<ExpectedOutput> failedLastTime(long ledgerId, TranslationOrder full) {
        List<ExpectedOutput> ordered = full.expectedOutputs();
        return jobs.outputs(ledgerId).stream().filter(o -> o.state() == OutputState.FAILED)
                .map(o -> new ExpectedOutput(o.actionType(), o.targetLang())).filter(ordered::contains).toList();
    }

    /** The reports of the outputs ordered again describe a failure that is being retried: they go. */
    private void removeStaleReports(JobSpec spec, List<ExpectedOutput> retried) {
        TranslationOrder order = spec.order();
        retried.forEach(output -> {
            String report = JobTracker.reportName(spec, order, output.actionType(), output.targetLang());
            try {
                delivery.remove(spec.target(), report);
            } catch (RuntimeException e) {
                log.warn("pipeline={} file={}: the old report {} could not be removed: {}", spec.pipeline(),
                        spec.relativePath(), report, e.getMessage());
            }
        });
    }

    private static JobSpec spec(TranslateOptions o, SourceFile file, String pipeline) {
        return new JobSpec(o.sourceLang(), o.targetLangs(), o.actionTypes(), o.mtProfileUid(),
                o.translationMemories(), o.target(), o.outputName(), o.localeMap(), file.relativePath(), file.name(),
                pipeline);
    }

    /** Copies the original into its own spool folder; Camel is about to move the input to the archive. */
    private Path spool(long ledgerId, SourceFile file) {
        try {
            Path folder = Files.createDirectories(tracking.getSpoolDir().resolve(Long.toString(ledgerId)));
            Path target = folder.resolve("original");
            Files.copy(file.path(), target, StandardCopyOption.REPLACE_EXISTING);
            return target.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("could not keep the original in the spool "
                    + tracking.getSpoolDir() + ": " + e.getMessage(), e);
        }
    }

    private String write(JobSpec spec) {
        try {
            return json.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a spec of strings always serializes", e);
        }
    }
}
