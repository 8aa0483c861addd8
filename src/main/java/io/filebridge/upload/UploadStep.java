package io.filebridge.upload;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import io.filebridge.connector.UploadContext;
import io.filebridge.connector.UploadResult;
import io.filebridge.connector.UploadVendor;
import io.filebridge.connector.UploadVendors;
import io.filebridge.connector.VendorUploads;
import io.filebridge.delivery.Receipts;
import io.filebridge.intake.FileFailed;
import io.filebridge.intake.FileIntakeStep;
import io.filebridge.ledger.Ledger;
import io.filebridge.pipeline.OutcomeLog;
import io.filebridge.secrets.SecretRedactor;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The work behind every upload sink Kamelet: upload the file and leave the receipt as the message body. Everything
 * around it (fingerprint, ledger, duplicates, failure reports) is {@link FileIntakeStep}.
 *
 * <p>Order of durable effects (docs/promises.md, "Upload"): row UPLOADING with the request id, the upload, row
 * COMPLETED with the vendor's id and the receipt; the route then writes the receipt and the intake archives the input.
 * A stop before COMPLETED makes the next pickup upload again on the same row (a counted reupload); a stop after it
 * makes the next pickup of the same file hand on the recorded receipt instead.
 */
@Component
public class UploadStep {

    private final FileIntakeStep intake;
    private final UploadVendors vendors;
    private final VendorUploads uploads;
    private final Ledger ledger;
    private final Receipts receipts;
    private final OutcomeLog outcomes;
    private final SecretRedactor redactor;
    private final Clock clock;

    public UploadStep(FileIntakeStep intake, UploadVendors vendors, VendorUploads uploads, Ledger ledger,
            Receipts receipts, OutcomeLog outcomes, SecretRedactor redactor, Clock clock) {
        this.intake = intake;
        this.vendors = vendors;
        this.uploads = uploads;
        this.ledger = ledger;
        this.receipts = receipts;
        this.outcomes = outcomes;
        this.redactor = redactor;
        this.clock = clock;
    }

    /** The work of {@code filebridge-upload:<vendor>} ({@link UploadComponent}), the step of every upload sink Kamelet. */
    public void upload(Exchange exchange, String vendorId, boolean skipDuplicates) throws FileFailed {
        UploadVendor vendor = vendors.require(vendorId);
        intake.run(exchange, vendor.id(), vendor::hint, skipDuplicates, (file, entry, work) -> {
            UploadContext context = new UploadContext(work.pipeline(), entry.id(), UUID.randomUUID().toString());
            work.uploading(context.requestId());
            long uploadStart = System.nanoTime();
            UploadResult result = uploads.upload(vendor, file, context, work.timeline());
            work.vendorHas(result.vendorId());
            outcomes.uploaded(work.pipeline(), vendor.id(), file.size(), Duration.ofNanos(System.nanoTime()
                    - uploadStart));
            String receipt = receipts.completed(work.pipeline(), vendor.id(), file, entry.id(), context.requestId(),
                    result.vendorId(), result.response(), result.attempts(), work.receivedAt(), clock.instant());
            // one commit: the successful attempt and the completion
            work.recordOutcome("the completed upload", answered -> ledger.markCompleted(entry.id(),
                    result.vendorId(), redactor.redact(receipt), answered));
            outcomes.completed(work.pipeline(), file.relativePath(), vendor.id(), result.vendorId(),
                    context.requestId(), result.attempts(), work.took());
            return receipt;
        });
    }
}
