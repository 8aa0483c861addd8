package io.filebridge.upload;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import io.filebridge.connector.AttemptListener;
import io.filebridge.connector.UploadContext;
import io.filebridge.connector.UploadResult;
import io.filebridge.connector.UploadVendor;
import io.filebridge.connector.UploadVendors;
import io.filebridge.connector.VendorCallFailed;
import io.filebridge.connector.VendorUploads;
import io.filebridge.delivery.Receipts;
import io.filebridge.files.SourceFile;
import io.filebridge.files.TailGate;
import io.filebridge.intake.FileFailed;
import io.filebridge.intake.FileIntakeStep;
import io.filebridge.ledger.FileEntry;
import io.filebridge.ledger.Ledger;
import io.filebridge.pipeline.OutcomeLog;
import io.filebridge.secrets.SecretRedactor;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The work behind every upload sink Kamelet: upload the file and leave the receipt as the message body. Everything
 * around it (fingerprint, ledger, duplicates, failure reports) is {@link FileIntakeStep}.
 *
 * <p>Order of durable effects (docs/promises.md, "Upload"): row UPLOADING with the request id, the upload, row
 * COMPLETED with the vendor's id and the receipt; the route then writes the receipt and the intake archives the input.
 * A stop before COMPLETED makes the next pickup upload again on the same row (a counted reupload); a stop after it
 * makes the next pickup of the same file hand on the recorded receipt instead.
 *
 * <p>A large file's request starts before that, while its hash is computed, on an early-send thread: everything but
 * its last block is sent, and the last block only once the row says UPLOADING ({@link TailGate}). Until then the
 * vendor has an incomplete request, which is no upload; a duplicate, a failure or a stop withholds the block.
 */
@Component
public class UploadStep implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(UploadStep.class);

    private final FileIntakeStep intake;
    private final UploadVendors vendors;
    private final VendorUploads uploads;
    private final Ledger ledger;
    private final Receipts receipts;
    private final OutcomeLog outcomes;
    private final SecretRedactor redactor;
    private final Clock clock;
    /** At most one per step worker is busy: each worker waits for its own early send. */
    private final ExecutorService earlySenders = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "early-send");
        thread.setDaemon(true);
        return thread;
    });

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
        intake.run(exchange, vendor.id(), vendor::hint, skipDuplicates, new UploadWork(vendor));
    }

    @Override
    public void destroy() {
        earlySenders.shutdownNow();
    }

    /** One file's upload. */
    private final class UploadWork implements FileIntakeStep.VendorWork {

        private final UploadVendor vendor;
        /** Set when the request started early ({@link #startEarly}). */
        private EarlySend early;

        UploadWork(UploadVendor vendor) {
            this.vendor = vendor;
        }

        @Override
        public boolean startEarly(SourceFile unhashed, FileIntakeStep.FileWork work) {
            if (vendor.requestNamesLedgerRow()) {
                return false;
            }
            String requestId = UUID.randomUUID().toString();
            UploadContext context = new UploadContext(work.pipeline(), UploadContext.NO_ROW_YET, requestId);
            AttemptListener timeline = afterDecision(unhashed.tail(), work.timeline());
            Map<String, String> mdc = MDC.getCopyOfContextMap();
            EarlySend send = new EarlySend(unhashed.tail(), requestId);
            earlySenders.execute(() -> send.run(mdc, () -> {
                awaitStart(unhashed.tail());
                log.debug("upload {} starts before its row ({} bytes)", requestId, unhashed.size());
                return uploads.send(vendor, unhashed, context, timeline);
            }));
            early = send;
            return true;
        }

        @Override
        public String perform(SourceFile file, FileEntry entry, FileIntakeStep.FileWork work) throws VendorCallFailed {
            String requestId = early != null ? early.requestId() : UUID.randomUUID().toString();
            UploadContext context = new UploadContext(work.pipeline(), entry.id(), requestId);
            work.uploading(context.requestId());
            long uploadStart = early != null ? early.startNanos() : System.nanoTime();
            VendorUploads.Sent sent;
            if (early != null) {
                early.tail().open(); // the row says UPLOADING: the request may complete
                sent = early.await();
            } else {
                sent = uploads.send(vendor, file, context, work.timeline());
            }
            UploadResult result = uploads.result(vendor, file, sent);
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
        }

        @Override
        public void endEarly() {
            if (early != null) {
                early.end();
            }
        }
    }

    /**
     * The timeline of an early send: an attempt can only end before the decision if it failed, and recording it
     * needs the row, so each event waits for the decision; once withheld, the send stops at its next event.
     */
    private static AttemptListener afterDecision(TailGate tail, AttemptListener timeline) {
        return new AttemptListener() {
            @Override
            public void attempted(int attempt, Integer httpStatus, String detail) {
                decided(tail);
                timeline.attempted(attempt, httpStatus, detail);
            }

            @Override
            public void backingOff(int nextAttempt, Duration delay) {
                decided(tail);
                timeline.backingOff(nextAttempt, delay);
            }

            @Override
            public void rateLimited(Duration waited) {
                timeline.rateLimited(waited);
            }
        };
    }

    private static void decided(TailGate tail) {
        try {
            if (!tail.await()) {
                throw new UploadWithheld();
            }
        } catch (InterruptedIOException e) {
            throw new UploadWithheld();
        }
    }

    /** Before the request: a send withheld meanwhile ends here, nothing sent. */
    private static void awaitStart(TailGate tail) {
        try {
            tail.awaitHashed(0);
        } catch (IOException e) {
            throw new UploadWithheld();
        }
    }

    /** Ends an early send whose file is not to be uploaded; nobody reads it. */
    private static final class UploadWithheld extends RuntimeException {
        UploadWithheld() {
            super("the upload was withheld", null, false, false);
        }
    }

    /** The early send's work: the request and its retries. */
    @FunctionalInterface
    private interface Sending {
        VendorUploads.Sent send() throws VendorCallFailed;
    }

    /** A request started before its row: what the worker needs to let it complete, wait for it, or stop it. */
    private static final class EarlySend {

        private final TailGate tail;
        private final String requestId;
        private final long startNanos = System.nanoTime();
        private final CompletableFuture<VendorUploads.Sent> sent = new CompletableFuture<>();
        private final CountDownLatch ended = new CountDownLatch(1);
        private final AtomicReference<Thread> runner = new AtomicReference<>();

        EarlySend(TailGate tail, String requestId) {
            this.tail = tail;
            this.requestId = requestId;
        }

        TailGate tail() {
            return tail;
        }

        String requestId() {
            return requestId;
        }

        long startNanos() {
            return startNanos;
        }

        /** On the early-send thread, with the worker's log context. */
        void run(Map<String, String> mdc, Sending sending) {
            runner.set(Thread.currentThread());
            if (mdc != null) {
                MDC.setContextMap(mdc);
            }
            try {
                sent.complete(sending.send());
            } catch (Throwable e) {
                sent.completeExceptionally(e);
            } finally {
                MDC.clear();
                runner.set(null);
                Thread.interrupted(); // an end() that came late must not touch the thread's next task
                ended.countDown();
            }
        }

        /** The answer to the request (its retries included), once the tail was let through. */
        VendorUploads.Sent await() throws VendorCallFailed {
            try {
                return sent.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VendorCallFailed("interrupted while uploading (filebridge is stopping)", null, null, 0,
                        false, e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof VendorCallFailed failed) {
                    throw failed;
                }
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            }
        }

        /**
         * After the step, however it ended: a send whose tail was not let through is withheld and interrupted (it may
         * be waiting for a rate-limit permit or a retry), and in every case it has ended before the file moves on.
         */
        void end() {
            tail.withhold();
            Thread thread = runner.get();
            if (!tail.isOpen() && thread != null) {
                thread.interrupt();
            }
            boolean interrupted = false;
            while (true) {
                try {
                    ended.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the send must have stopped reading the file before it is moved
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
