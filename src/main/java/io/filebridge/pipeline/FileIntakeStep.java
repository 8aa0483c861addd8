package io.filebridge.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.intake.SourceFile;
import io.filebridge.ledger.FileEntry;
import io.filebridge.ledger.Ledger;
import io.filebridge.ledger.NewFile;
import io.filebridge.security.SecretRedactor;
import io.filebridge.tracking.TrackingSettings;
import io.filebridge.vendor.AttemptListener;
import io.filebridge.vendor.VendorCallFailed;
import org.apache.camel.Exchange;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What every vendor step does with an incoming file before and after its vendor work: register the failure report,
 * fingerprint the file, refuse empty ones, record it in the ledger, answer content the pipeline already took with a
 * duplicate receipt, and turn any failure into a failed ledger row, an outcome line and a report. The vendor work
 * itself (an upload, a translation submit) is the only part that differs.
 */
@Component
public class FileIntakeStep {

    /** The vendor-specific part: works on a new (not duplicate) file and returns its receipt JSON. */
    @FunctionalInterface
    public interface VendorWork {
        String perform(SourceFile file, FileEntry entry, FileWork work) throws VendorCallFailed;
    }

    /** Header with the input's relative path below the intake, cleaned so it can name files safely. */
    public static final String RELATIVE_PATH_HEADER = "FilebridgeRelativePath";

    /**
     * Exchange property with how the vendor step ended for a file that did not fail: {@link #OUTCOME_UPLOADED} (the
     * vendor took it: uploaded or submitted) or {@link #OUTCOME_DUPLICATE}. Batch summaries count it per run.
     */
    public static final String OUTCOME_PROPERTY = "FilebridgeOutcome";
    public static final String OUTCOME_UPLOADED = "UPLOADED";
    public static final String OUTCOME_DUPLICATE = "DUPLICATE";

    private final Ledger ledger;
    private final Receipts receipts;
    private final OutcomeLog outcomes;
    private final SecretRedactor redactor;
    private final ObjectMapper json;
    private final Clock clock;
    private final Path spoolDir;
    private final String s3FailedPrefix;

    public FileIntakeStep(Ledger ledger, Receipts receipts, OutcomeLog outcomes, SecretRedactor redactor,
            ObjectMapper json, Clock clock, TrackingSettings tracking,
            @Value("${filebridge.intake.s3-failed-prefix:failed/}") String s3FailedPrefix) {
        this.spoolDir = tracking.getSpoolDir().resolve("s3-intake");
        this.s3FailedPrefix = s3FailedPrefix;
        this.ledger = ledger;
        this.receipts = receipts;
        this.outcomes = outcomes;
        this.redactor = redactor;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Runs {@code work} for the exchange's file and leaves the receipt as the message body.
     *
     * @param hints what to advise for a vendor failure with a given HTTP status (null: no answer)
     */
    public void run(Exchange exchange, String vendorId, Function<Integer, String> hints, boolean skipDuplicates,
            VendorWork work) throws UploadFailed {
        Optional<S3Intake> s3 = S3Intake.of(exchange);
        String pipeline = s3.map(S3Intake::pipeline).or(() -> IntakeOrigin.of(exchange).map(IntakeOrigin::pipeline))
                .orElse(exchange.getFromRouteId());
        InputLocation input = s3.isPresent() ? InputLocation.ofS3(s3.get()) : InputLocation.of(exchange);
        FileWork file = new FileWork(pipeline, vendorId, input, clock.instant(), System.nanoTime());
        // the cleaned relative path, safe to build receipt names from (an S3 key is not: it may hold "..")
        exchange.getMessage().setHeader(RELATIVE_PATH_HEADER, input.relativePath());
        exchange.getExchangeExtension().addOnCompletion(new FailureReportWriter(json, file::unexpectedFailure,
                s3FailedPrefix, this::recordFailedCopy));
        if (s3.isPresent()) {
            file.spoolFrom = () -> s3.get().spool(exchange, spoolDir);
        }
        // log lines (and JSON log fields) while this file is handled carry its pipeline, file and ledger row ("job")
        MDC.put("pipeline", pipeline);
        MDC.put("file", file.input.relativePath());
        outcomes.received(pipeline, file.input.relativePath(), vendorId);
        try {
            process(exchange, file, hints, skipDuplicates, work);
            // the body is now the receipt: the object's Content-Length & co. would break an aws2-s3 receipt target
            s3.ifPresent(o -> S3Intake.dropObjectContentHeaders(exchange));
        } finally {
            MDC.remove("pipeline");
            MDC.remove("file");
            MDC.remove("job");
        }
    }

    /** Remembers where a failed input went, for a retry from the ops API (files that never got a row have none). */
    private void recordFailedCopy(FailureReport report, String location) {
        if (report.ledgerId() != null) {
            ledger.recordFailedCopy(report.ledgerId(), location);
        }
    }

    /** Records every attempt in the file's ledger timeline. */
    public AttemptListener ledgerTimeline(long ledgerId) {
        return new AttemptListener() {
            @Override
            public void attempted(int attempt, Integer httpStatus, String detail) {
                ledger.recordAttempt(ledgerId, attempt, httpStatus, redactor.redact(detail));
            }
        };
    }

    private void process(Exchange exchange, FileWork work, Function<Integer, String> hints, boolean skipDuplicates,
            VendorWork vendorWork) throws UploadFailed {
        SourceFile file = work.read();
        if (file.size() == 0) {
            throw work.rejected("the file is empty; nothing was sent",
                    "Empty files are refused. Drop the file again once it has content.");
        }
        FileEntry entry = ledger.receive(new NewFile(work.pipeline, work.vendor, file.name(), file.relativePath(),
                file.size(), file.sha256()));
        work.ledgerId = entry.id();
        S3IntakeGuard.received(exchange, entry.id());
        MDC.put("job", String.valueOf(entry.id()));
        try {
            if (skipDuplicates) {
                Optional<FileEntry> twin = ledger.findEarlierTwin(entry.id());
                if (twin.isPresent()) {
                    ledger.markDuplicate(entry.id(), twin.get().id());
                    exchange.getMessage().setBody(receipts.duplicate(work.pipeline, work.vendor, file, entry.id(),
                            twin.get(), work.receivedAt));
                    outcomes.duplicate(work.pipeline, file.relativePath(), work.vendor, twin.get().vendorId(),
                            twin.get().id(), work.took());
                    S3IntakeGuard.handled(exchange);
                    exchange.setProperty(OUTCOME_PROPERTY, OUTCOME_DUPLICATE);
                    return;
                }
            }
            String receipt = redactor.redact(vendorWork.perform(file, entry, work));
            S3IntakeGuard.handled(exchange); // an S3 object is DONE once the vendor has it, before the consumer's move
            exchange.getMessage().setBody(receipt);
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            exchange.setProperty(OUTCOME_PROPERTY, OUTCOME_UPLOADED);
        } catch (VendorCallFailed e) {
            throw work.failed(e.httpStatus(), e.vendorMessage(), e.attempts(), e.getMessage(),
                    hints.apply(e.httpStatus()), e);
        } catch (RuntimeException e) {
            throw work.failed(null, null, 0, "internal error: " + e,
                    "This is a filebridge problem, not a vendor one: see the log for the stack trace.", e);
        }
    }

    /** The input as the file consumer hands it over (for S3: no path until the object is spooled). */
    record InputLocation(Path path, String name, String relativePath) {

        static InputLocation ofS3(S3Intake s3) {
            return new InputLocation(null, s3.name(), s3.relativePath());
        }

        static InputLocation of(Exchange exchange) {
            String absolute = exchange.getIn().getHeader(Exchange.FILE_PATH, String.class);
            String relative = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class);
            String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
            if (absolute == null || relative == null) {
                throw new IllegalStateException("filebridge vendor steps take files from a file: intake"
                        + " (no CamelFilePath/CamelFileName header on this message)");
            }
            return new InputLocation(Path.of(absolute), name != null ? name : Path.of(relative).getFileName()
                    .toString(), relative.replace('\\', '/'));
        }
    }

    @FunctionalInterface
    interface Spooler {
        Path spool() throws IOException;
    }

    /** One file on its way through the step: what the failure report needs whenever something goes wrong. */
    public final class FileWork {
        final String pipeline;
        final String vendor;
        final InputLocation input;
        final Instant receivedAt;
        final long startNanos;
        SourceFile file;
        Long ledgerId;
        /** The id of the upload under way ({@link #uploading}); null until one starts, and for translations. */
        String requestId;
        /** For S3 intakes: streams the object to a temporary file and returns its path. */
        Spooler spoolFrom;

        FileWork(String pipeline, String vendor, InputLocation input, Instant receivedAt, long startNanos) {
            this.pipeline = pipeline;
            this.vendor = vendor;
            this.input = input;
            this.receivedAt = receivedAt;
            this.startNanos = startNanos;
        }

        public String pipeline() {
            return pipeline;
        }

        public Instant receivedAt() {
            return receivedAt;
        }

        public Duration took() {
            return Duration.ofNanos(System.nanoTime() - startNanos);
        }

        /**
         * The vendor upload starts under {@code requestId}: the ledger row keeps it, and a failure from here on
         * names it in the outcome line and the error report, as a success names it in the receipt.
         */
        public void uploading(String requestId) {
            this.requestId = requestId;
            ledger.markUploading(ledgerId, requestId);
        }

        SourceFile read() throws UploadFailed {
            try {
                Path path = spoolFrom != null ? spoolFrom.spool() : input.path();
                file = SourceFile.read(path, input.name(), input.relativePath());
                return file;
            } catch (IOException e) {
                throw rejected("the input file could not be read: " + e, spoolFrom != null
                        ? "Check that the S3 object can be read and the spool folder written, then put the object"
                                + " back under the intake prefix."
                        : "Check that filebridge's user may read the file, then move it back into the inbox.");
            }
        }

        UploadFailed rejected(String error, String hint) {
            FailureReport report = report(error, null, null, 0, hint);
            outcomes.failed(pipeline, input.relativePath(), vendor, null, 0, took(), error);
            return new UploadFailed(report, null);
        }

        UploadFailed failed(Integer status, String vendorError, int attempts, String error, String hint,
                Exception cause) {
            String safeError = redactor.redact(error);
            ledger.markFailed(ledgerId, status, safeError);
            outcomes.failed(pipeline, input.relativePath(), vendor, requestId, status, attempts, took(), safeError);
            return new UploadFailed(report(safeError, status, redactor.redact(vendorError), attempts, hint), cause);
        }

        /** For failures after the step, e.g. the route could not write the receipt. */
        FailureReport unexpectedFailure(Throwable failure) {
            String error = failure == null ? "the pipeline failed after the vendor step" : failure.toString();
            return report(redactor.redact("the route failed after the vendor step: " + error), null, null, 0,
                    "The vendor step itself completed (see the ledger); fix the route's later steps (e.g. the"
                            + " receipt target folder), then move the file back: a re-drop is recognised as a"
                            + " duplicate and not uploaded again.");
        }

        FailureReport report(String error, Integer status, String vendorError, int attempts, String hint) {
            var facts = new FailureReport.FileFacts(input.name(), input.relativePath(),
                    file == null ? null : file.size(), file == null ? null : file.sha256());
            return new FailureReport(pipeline, vendor, facts, error, status,
                    vendorError == null || vendorError.isBlank() ? null : vendorError, attempts, receivedAt,
                    clock.instant(), ledgerId, requestId, hint);
        }
    }
}
