package io.filebridge.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.intake.SourceFile;
import io.filebridge.ledger.FileEntry;
import io.filebridge.ledger.Ledger;
import io.filebridge.ledger.NewFile;
import io.filebridge.security.SecretRedactor;
import io.filebridge.vendor.AttemptListener;
import io.filebridge.vendor.UploadContext;
import io.filebridge.vendor.UploadResult;
import io.filebridge.vendor.UploadVendor;
import io.filebridge.vendor.UploadVendors;
import io.filebridge.vendor.VendorCallFailed;
import io.filebridge.vendor.VendorUploads;
import org.apache.camel.Exchange;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * The work behind every upload sink Kamelet: fingerprint the input, record it in the ledger, skip content the
 * pipeline already took, upload it, and leave the receipt as the message body. On failure the exchange fails with a
 * report that {@link FailureReportWriter} puts next to the file in the failed folder.
 */
@Component("filebridgeUpload")
public class UploadStep {

    private final UploadVendors vendors;
    private final VendorUploads uploads;
    private final Ledger ledger;
    private final Receipts receipts;
    private final OutcomeLog outcomes;
    private final SecretRedactor redactor;
    private final ObjectMapper json;
    private final Clock clock;

    public UploadStep(UploadVendors vendors, VendorUploads uploads, Ledger ledger, Receipts receipts,
            OutcomeLog outcomes, SecretRedactor redactor, ObjectMapper json, Clock clock) {
        this.vendors = vendors;
        this.uploads = uploads;
        this.ledger = ledger;
        this.receipts = receipts;
        this.outcomes = outcomes;
        this.redactor = redactor;
        this.json = json;
        this.clock = clock;
    }

    /** Called by the sink Kamelets: {@code bean:filebridgeUpload?method=upload(*, 'sendcloud', true)}. */
    public void upload(Exchange exchange, String vendorId, boolean skipDuplicates) throws UploadFailed {
        String pipeline = IntakeOrigin.of(exchange).map(IntakeOrigin::pipeline).orElse(exchange.getFromRouteId());
        FileWork work = new FileWork(pipeline, vendorId, InputLocation.of(exchange),
                clock.instant(), System.nanoTime());
        exchange.getExchangeExtension().addOnCompletion(new FailureReportWriter(json, work::unexpectedFailure));
        MDC.put("pipeline", work.pipeline);
        MDC.put("file", work.input.relativePath());
        try {
            process(exchange, vendors.require(vendorId), work, skipDuplicates);
        } finally {
            MDC.remove("pipeline");
            MDC.remove("file");
        }
    }

    private void process(Exchange exchange, UploadVendor vendor, FileWork work, boolean skipDuplicates)
            throws UploadFailed {
        SourceFile file = work.read();
        if (file.size() == 0) {
            throw work.rejected("the file is empty; nothing was uploaded",
                    "Empty files are refused. Drop the file again once it has content.");
        }
        FileEntry entry = ledger.receive(new NewFile(work.pipeline, vendor.id(), file.name(), file.relativePath(),
                file.size(), file.sha256()));
        work.ledgerId = entry.id();
        MDC.put("ledgerId", String.valueOf(entry.id()));
        try {
            if (skipDuplicates) {
                Optional<FileEntry> twin = ledger.findEarlierTwin(entry.id());
                if (twin.isPresent()) {
                    ledger.markDuplicate(entry.id(), twin.get().id());
                    exchange.getMessage().setBody(receipts.duplicate(work.pipeline, vendor.id(), file, entry.id(),
                            twin.get(), work.receivedAt));
                    outcomes.duplicate(work.pipeline, file.relativePath(), vendor.id(), twin.get().vendorId(),
                            twin.get().id(), work.took());
                    return;
                }
            }
            ledger.markUploading(entry.id());
            UploadContext context = new UploadContext(work.pipeline, entry.id(), UUID.randomUUID().toString());
            UploadResult result = uploads.upload(vendor, file, context, ledgerTimeline(entry.id()));
            String receipt = receipts.completed(work.pipeline, vendor.id(), file, entry.id(), context.requestId(),
                    result.vendorId(), result.response(), result.attempts(), work.receivedAt, clock.instant());
            ledger.markCompleted(entry.id(), result.vendorId(), redactor.redact(receipt));
            exchange.getMessage().setBody(redactor.redact(receipt));
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            outcomes.completed(work.pipeline, file.relativePath(), vendor.id(), result.vendorId(), context.requestId(),
                    result.attempts(), work.took());
        } catch (VendorCallFailed e) {
            throw work.failed(ledger, vendor, e.httpStatus(), e.vendorMessage(), e.attempts(), e.getMessage(),
                    vendor.hint(e.httpStatus()), e);
        } catch (RuntimeException e) {
            throw work.failed(ledger, vendor, null, null, 0, "internal error: " + e,
                    "This is a filebridge problem, not a vendor one: see the log for the stack trace.", e);
        } finally {
            MDC.remove("ledgerId");
        }
    }

    private AttemptListener ledgerTimeline(long ledgerId) {
        return new AttemptListener() {
            @Override
            public void attempted(int attempt, Integer httpStatus, String detail) {
                ledger.recordAttempt(ledgerId, attempt, httpStatus, redactor.redact(detail));
            }
        };
    }

    /** The input as the file consumer hands it over. */
    record InputLocation(Path path, String name, String relativePath) {

        static InputLocation of(Exchange exchange) {
            String absolute = exchange.getIn().getHeader(Exchange.FILE_PATH, String.class);
            String relative = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class);
            String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
            if (absolute == null || relative == null) {
                throw new IllegalStateException("filebridge upload sinks take files from a file: intake"
                        + " (no CamelFilePath/CamelFileName header on this message)");
            }
            return new InputLocation(Path.of(absolute), name != null ? name : Path.of(relative).getFileName()
                    .toString(), relative.replace('\\', '/'));
        }
    }

    /** One file on its way through the step: what the failure report needs whenever something goes wrong. */
    private final class FileWork {
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

        Duration took() {
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

        UploadFailed failed(Ledger ledger, UploadVendor v, Integer status, String vendorError, int attempts,
                String error, String hint, Exception cause) {
            String safeError = redactor.redact(error);
            ledger.markFailed(ledgerId, status, safeError);
            outcomes.failed(pipeline, input.relativePath(), v.id(), status, attempts, took(), safeError);
            return new UploadFailed(report(safeError, status, redactor.redact(vendorError), attempts, hint), cause);
        }

        /** For failures after the step, e.g. the route could not write the receipt. */
        FailureReport unexpectedFailure(Throwable failure) {
            String error = failure == null ? "the pipeline failed after the upload step" : failure.toString();
            return report(redactor.redact("the route failed after the upload step: " + error), null, null, 0,
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
