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
import io.filebridge.vendor.AttemptListener;
import io.filebridge.vendor.VendorCallFailed;
import org.apache.camel.Exchange;
import org.slf4j.MDC;
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

    private final Ledger ledger;
    private final Receipts receipts;
    private final OutcomeLog outcomes;
    private final SecretRedactor redactor;
    private final ObjectMapper json;
    private final Clock clock;

    public FileIntakeStep(Ledger ledger, Receipts receipts, OutcomeLog outcomes, SecretRedactor redactor,
            ObjectMapper json, Clock clock) {
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
        String pipeline = IntakeOrigin.of(exchange).map(IntakeOrigin::pipeline).orElse(exchange.getFromRouteId());
        FileWork file = new FileWork(pipeline, vendorId, InputLocation.of(exchange), clock.instant(),
                System.nanoTime());
        exchange.getExchangeExtension().addOnCompletion(new FailureReportWriter(json, file::unexpectedFailure));
        MDC.put("pipeline", pipeline);
        MDC.put("file", file.input.relativePath());
        try {
            process(exchange, file, hints, skipDuplicates, work);
        } finally {
            MDC.remove("pipeline");
            MDC.remove("file");
            MDC.remove("ledgerId");
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
        MDC.put("ledgerId", String.valueOf(entry.id()));
        try {
            if (skipDuplicates) {
                Optional<FileEntry> twin = ledger.findEarlierTwin(entry.id());
                if (twin.isPresent()) {
                    ledger.markDuplicate(entry.id(), twin.get().id());
                    exchange.getMessage().setBody(receipts.duplicate(work.pipeline, work.vendor, file, entry.id(),
                            twin.get(), work.receivedAt));
                    outcomes.duplicate(work.pipeline, file.relativePath(), work.vendor, twin.get().vendorId(),
                            twin.get().id(), work.took());
                    return;
                }
            }
            String receipt = redactor.redact(vendorWork.perform(file, entry, work));
            exchange.getMessage().setBody(receipt);
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        } catch (VendorCallFailed e) {
            throw work.failed(e.httpStatus(), e.vendorMessage(), e.attempts(), e.getMessage(),
                    hints.apply(e.httpStatus()), e);
        } catch (RuntimeException e) {
            throw work.failed(null, null, 0, "internal error: " + e,
                    "This is a filebridge problem, not a vendor one: see the log for the stack trace.", e);
        }
    }

    /** The input as the file consumer hands it over. */
    record InputLocation(Path path, String name, String relativePath) {

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

    /** One file on its way through the step: what the failure report needs whenever something goes wrong. */
    public final class FileWork {
        final String pipeline;
        final String vendor;
        final InputLocation input;
        final Instant receivedAt;
        final long startNanos;
        SourceFile file;
        Long ledgerId;

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


        SourceFile read() throws UploadFailed {
            try {
                file = SourceFile.read(input.path(), input.name(), input.relativePath());
                return file;
            } catch (IOException e) {
                throw rejected("the input file could not be read: " + e,
                        "Check that filebridge's user may read the file, then move it back into the inbox.");
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
            outcomes.failed(pipeline, input.relativePath(), vendor, status, attempts, took(), safeError);
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
                    clock.instant(), ledgerId, hint);
        }
    }
}
