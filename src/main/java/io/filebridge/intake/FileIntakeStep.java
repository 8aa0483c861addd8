package io.filebridge.intake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;

import io.filebridge.connector.AttemptListener;
import io.filebridge.connector.VendorCallFailed;
import io.filebridge.connector.VendorCallStopped;
import io.filebridge.delivery.Receipts;
import io.filebridge.files.EarlyHashes;
import io.filebridge.files.SourceFile;
import io.filebridge.files.TailGate;
import io.filebridge.ledger.Attempt;
import io.filebridge.ledger.FailedStage;
import io.filebridge.ledger.FileEntry;
import io.filebridge.ledger.FileState;
import io.filebridge.ledger.Ledger;
import io.filebridge.ledger.NewFile;
import io.filebridge.ledger.Pickup;
import io.filebridge.pipeline.OutcomeLog;
import io.filebridge.secrets.SecretRedactor;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * What every vendor step does with an incoming file before and after its vendor work: fingerprint the file, record
 * it in the ledger (or continue the row a stop or a retry left, see {@link Ledger#pickUp}), refuse empty ones, answer
 * content the pipeline already took with a duplicate receipt, hand on the recorded receipt of a file the vendor
 * already has, and turn any failure into a failed ledger row, an outcome line and a report that the intake writes
 * ({@link FailedInputs}). The vendor work itself (an upload, a translation submit) is the only part that differs.
 */
@Component
public class FileIntakeStep {

    /**
     * The vendor-specific part: works on a new (not duplicate) file and returns its receipt JSON. It calls
     * {@link FileWork#vendorHas} as soon as the vendor holds the file, before recording the outcome.
     */
    @FunctionalInterface
    public interface VendorWork {
        String perform(SourceFile file, FileEntry entry, FileWork work) throws VendorCallFailed;

        /**
         * May start sending a large file before its hash is known and its ledger row exists: everything but the last
         * block, which waits for {@code unhashed.tail()} ({@link io.filebridge.files.TailGate}); {@link #perform} then
         * opens it once the row says UPLOADING. Returns whether it started. By default it does not.
         */
        default boolean startEarly(SourceFile unhashed, FileWork work) {
            return false;
        }

        /** Called once the step is over, when {@link #startEarly} started: returns when the early send has ended. */
        default void endEarly() {
        }
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

    private static final Logger log = LoggerFactory.getLogger(FileIntakeStep.class);

    private final Ledger ledger;
    private final Receipts receipts;
    private final OutcomeLog outcomes;
    private final SecretRedactor redactor;
    private final Clock clock;
    private final Path spoolDir;
    private final EarlyHashes earlyHashes;
    /** Ledger rows whose run is under way in this process: a pickup must not continue them (see Ledger.pickUp). */
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();

    public FileIntakeStep(Ledger ledger, Receipts receipts, OutcomeLog outcomes, SecretRedactor redactor,
            Clock clock, S3Spool s3Spool, EarlyHashes earlyHashes) {
        this.spoolDir = s3Spool.dir();
        this.earlyHashes = earlyHashes;
        this.ledger = ledger;
        this.receipts = receipts;
        this.outcomes = outcomes;
        this.redactor = redactor;
        this.clock = clock;
    }

    /**
     * Runs {@code work} for the exchange's file and leaves the receipt as the message body.
     *
     * @param hints what to advise for a vendor failure with a given HTTP status (null: no answer)
     */
    public void run(Exchange exchange, String vendorId, Function<Integer, String> hints, boolean skipDuplicates,
            VendorWork work) throws FileFailed {
        Optional<S3Intake> s3 = S3Intake.of(exchange);
        String pipeline = s3.map(S3Intake::pipeline).or(() -> IntakeOrigin.of(exchange).map(IntakeOrigin::pipeline))
                .orElse(exchange.getFromRouteId());
        InputLocation input = s3.isPresent() ? InputLocation.ofS3(s3.get()) : InputLocation.of(exchange);
        FileWork file = new FileWork(pipeline, vendorId, input, clock.instant(), System.nanoTime());
        FileRun.of(exchange).ifPresentOrElse(run -> run.attach(file), () -> log.warn("pipeline={}: {} did not come"
                + " through a filebridge intake (file: or aws2-s3: consumer); a failure gets no report", pipeline,
                input.relativePath()));
        // the cleaned relative path, safe to build receipt names from (an S3 key is not: it may hold "..")
        exchange.getMessage().setHeader(RELATIVE_PATH_HEADER, input.relativePath());
        // the row is in flight until the step's exchange is done; by then it is COMPLETED, FAILED or SUBMITTED (or left
        // RECEIVED/UPLOADING by a ledger outage, and then the next pickup of the file may continue it)
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                if (file.ledgerId != null) {
                    inFlight.remove(file.ledgerId);
                }
            }
        });
        if (s3.isPresent()) {
            file.spoolFrom = () -> s3.get().spool(exchange, spoolDir);
            file.sourceKey = s3.get().sourceKey(exchange);
        } else {
            file.sourceKey = SourceKey.of(input.path());
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

    private void process(Exchange exchange, FileWork work, Function<Integer, String> hints, boolean skipDuplicates,
            VendorWork vendorWork) throws FileFailed {
        TailGate tail = startEarly(work, vendorWork);
        try {
            processFile(exchange, work, hints, skipDuplicates, vendorWork);
        } finally {
            if (tail != null) {
                tail.withhold(); // unless the upload went ahead: a duplicate, a failure, a stop
                vendorWork.endEarly();
            }
        }
    }

    /**
     * A large hot-folder file ({@link EarlyHashes#isLarge}) starts its upload now, while its hash is finished, rather
     * than after: its last block waits for the returned gate. Null when the file is not sent early.
     */
    private TailGate startEarly(FileWork work, VendorWork vendorWork) {
        if (work.spoolFrom != null) {
            return null;
        }
        long size;
        try {
            size = Files.size(work.input.path());
        } catch (IOException e) {
            return null; // reading it fails next, with a report
        }
        if (!earlyHashes.isLarge(size)) {
            return null;
        }
        TailGate tail = new TailGate();
        SourceFile unhashed = SourceFile.unhashed(work.input.path(), work.input.name(), work.input.relativePath(),
                size, tail);
        if (!vendorWork.startEarly(unhashed, work)) {
            return null;
        }
        work.hashProgress = tail::hashed; // the body trails the hash (TailGate)
        return tail;
    }

    private void processFile(Exchange exchange, FileWork work, Function<Integer, String> hints,
            boolean skipDuplicates, VendorWork vendorWork) throws FileFailed {
        SourceFile file = work.read();
        Pickup pickup = ledger.pickUp(new NewFile(work.pipeline, work.vendor, file.name(), file.relativePath(),
                file.size(), file.sha256(), work.sourceKey), inFlight::contains, skipDuplicates);
        FileEntry entry = pickup.entry();
        work.ledgerId = entry.id();
        work.continued = pickup.continuation() != Pickup.Continuation.NEW;
        inFlight.add(entry.id());
        FileRun.received(exchange, entry.id());
        MDC.put("job", String.valueOf(entry.id()));
        try {
            if (file.size() == 0) {
                throw work.failed(FailedStage.INPUT, null, null, 0, "the file is empty; nothing was sent",
                        "Empty files are refused. Drop the file again once it has content.", null);
            }
            if (pickup.continuation() == Pickup.Continuation.FINISH) {
                finish(exchange, work, file, entry);
                return;
            }
            Optional<FileEntry> twin = pickup.duplicateOf(); // only looked for with skipDuplicates
            if (twin.isPresent()) {
                exchange.getMessage().setBody(receipts.duplicate(work.pipeline, work.vendor, file, entry.id(),
                        twin.get(), work.receivedAt));
                outcomes.duplicate(work.pipeline, file.relativePath(), work.vendor, twin.get().vendorId(),
                        twin.get().id(), work.took());
                FileRun.handled(exchange);
                exchange.setProperty(OUTCOME_PROPERTY, OUTCOME_DUPLICATE);
                return;
            }
            String receipt = redactor.redact(vendorWork.perform(file, entry, work));
            FileRun.handled(exchange); // an S3 object is DONE once the vendor has it, before the consumer's move
            exchange.getMessage().setBody(receipt);
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            exchange.setProperty(OUTCOME_PROPERTY, OUTCOME_UPLOADED);
        } catch (VendorCallStopped e) {
            throw new IllegalStateException(e.getMessage(), e); // handed back, not failed: Infrastructure.isOutage
        } catch (VendorCallFailed e) {
            throw work.failed(FailedStage.VENDOR, e.httpStatus(), e.vendorMessage(), e.attempts(), e.getMessage(),
                    hints.apply(e.httpStatus()), e);
        } catch (RuntimeException e) {
            if (work.vendorId != null || Infrastructure.isOutage(e, exchange.getContext())) {
                throw e; // the intake decides: a delivery failure (the vendor has it), or wait for the ledger
            }
            throw work.failed(FailedStage.VENDOR, null, null, 0, "internal error: " + e,
                    "This is a filebridge problem, not a vendor one: see the log for the stack trace.", e);
        }
    }

    /**
     * The vendor already has this very input (a stop came between its upload and its archive move, or a retry of a
     * failed delivery): nothing is sent, the recorded receipt goes on to the route's later steps again.
     */
    private void finish(Exchange exchange, FileWork work, SourceFile file, FileEntry entry) {
        work.vendorHas(entry.vendorId());
        FileRun.handled(exchange);
        String receipt = entry.receipt() != null ? entry.receipt() : receipts.completed(work.pipeline, work.vendor,
                file, entry.id(), null, entry.vendorId(), null, entry.attempts(), work.receivedAt, clock.instant());
        exchange.getMessage().setBody(receipt);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.setProperty(OUTCOME_PROPERTY, OUTCOME_UPLOADED);
        log.info("pipeline={} file=\"{}\": the vendor already has it as {} (ledger row {}); not sent again, only what"
                + " follows the upload is done again", work.pipeline, OutcomeLog.quoted(file.relativePath()),
                entry.vendorId(),
                entry.id());
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
        volatile Long ledgerId;
        /** The row is one an earlier run left (not inserted by this pickup). */
        volatile boolean continued;
        /** The id of the upload under way ({@link #uploading}); null until one starts, and for translations. */
        volatile String requestId;
        /** The vendor's id for the file once the vendor holds it ({@link #vendorHas}); a later failure is a delivery one. */
        volatile String vendorId;
        /**
         * The successful attempt, not yet in the ledger: {@link #timeline} leaves it to the write that records the
         * outcome ({@link #recordOutcome}), or to a failure that follows it ({@link #recordAnswer}).
         */
        private volatile Attempt answered;
        /** The report of a failure the step itself decided ({@link #failed}); the intake writes it. */
        volatile FailureReport report;
        /** For S3 intakes: streams the object to a temporary file and returns its path. */
        Spooler spoolFrom;
        /** The input's identity in its intake ({@link SourceKey}); null when unknown. */
        String sourceKey;
        /** Null, or told how far the hash got (an upload that started early waits for half of it). */
        LongConsumer hashProgress;

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
         * Records every attempt in the file's ledger timeline: a failed one at once, the successful one (2xx) with
         * the outcome it leads to ({@link #recordOutcome}), which saves a commit per file.
         */
        public AttemptListener timeline() {
            return new AttemptListener() {
                @Override
                public void attempted(int attempt, Integer httpStatus, String detail) {
                    String safe = redactor.redact(detail);
                    if (httpStatus != null && httpStatus >= 200 && httpStatus < 300) {
                        answered = new Attempt(attempt, httpStatus, safe);
                    } else {
                        ledger.recordAttempt(ledgerId, attempt, httpStatus, safe);
                    }
                }
            };
        }

        /**
         * Runs the ledger write that records the vendor's outcome, handing it the successful attempt to record in the
         * same transaction (null if none). The vendor has the file: a short ledger outage is waited out
         * ({@link Infrastructure#untilRecorded}).
         */
        public void recordOutcome(String what, Consumer<Attempt> write) {
            Attempt attempt = answered;
            Infrastructure.untilRecorded(what, () -> write.accept(attempt));
            answered = null;
        }

        /**
         * Writes the successful attempt now, when it leads to no outcome write of its own. The vendor has the file
         * at this point: a ledger outage must not fail the run, or the input would stay in its intake and be sent a
         * second time once the ledger is back.
         */
        public void recordAnswer() {
            if (answered != null && ledgerId != null) {
                recordOutcome("the successful attempt", attempt -> ledger.recordAttempt(ledgerId, attempt.number(),
                        attempt.httpStatus(), attempt.detail()));
            }
        }

        /**
         * The vendor upload starts under {@code requestId}: the ledger row keeps it, and a failure from here on
         * names it in the outcome line and the error report, as a success names it in the receipt.
         */
        public void uploading(String requestId) {
            this.requestId = requestId;
            ledger.markUploading(ledgerId, requestId, continued);
        }

        /**
         * The vendor holds the file now, as {@code vendorId}: from here on a failure does not send it again, it is a
         * failure of the delivery (the receipt, an output), and the recording of the outcome waits out a short ledger
         * outage rather than losing the upload ({@link Infrastructure#untilRecorded}).
         */
        public void vendorHas(String vendorId) {
            this.vendorId = vendorId;
        }

        SourceFile read() throws FileFailed {
            try {
                file = spoolFrom != null ? SourceFile.read(spoolFrom.spool(), input.name(), input.relativePath())
                        : earlyHashes.read(input.path(), input.name(), input.relativePath(), hashProgress);
                return file;
            } catch (IOException e) {
                throw rejected("the input file could not be read: " + e, spoolFrom != null
                        ? "Check that the S3 object can be read and the spool folder written, then put the object"
                                + " back under the intake prefix."
                        : "Check that filebridge's user may read the file, then move it back into the inbox.");
            }
        }

        /** The input could not even be read: a FAILED row without content facts, and its report. */
        FileFailed rejected(String error, String hint) {
            ledgerId = ledger.refused(pipeline, vendor, input.name(), input.relativePath(), 0, error).id();
            FailureReport report = report(error, null, null, 0, hint);
            outcomes.failed(pipeline, input.relativePath(), vendor, null, 0, took(), error);
            this.report = report;
            return new FileFailed(report, null);
        }

        FileFailed failed(FailedStage stage, Integer status, String vendorError, int attempts, String error,
                String hint, Exception cause) {
            recordAnswer();
            String safeError = redactor.redact(error);
            ledger.markFailed(ledgerId, status, safeError, stage);
            outcomes.failed(pipeline, input.relativePath(), vendor, requestId, status, attempts, took(), safeError);
            this.report = report(safeError, status, redactor.redact(vendorError), attempts, hint);
            return new FileFailed(this.report, cause);
        }

        /**
         * The route failed after the vendor took the file (e.g. its receipt could not be written): the ledger and
         * the report say the vendor has it, and a retry redoes only the delivery. A translation job goes on (its
         * outputs are still delivered), so its row only notes the missing receipt.
         */
        FailureReport deliveryFailed(Throwable failure) {
            recordAnswer();
            String error = redactor.redact("the vendor has the file (id " + vendorId + "), but the route failed after"
                    + " the vendor step: " + (failure == null ? "(no exception)" : failure.toString()));
            Optional<FileEntry> row = ledgerId == null ? Optional.empty() : ledger.find(ledgerId);
            boolean jobGoesOn = row.map(r -> r.state() == FileState.SUBMITTED).orElse(false);
            String hint;
            if (jobGoesOn) {
                ledger.note(ledgerId, "DELIVERY_FAILED", error);
                hint = "The vendor job goes on and its outputs are still delivered; only the submission receipt is"
                        + " missing. Fix the route's later steps (e.g. the receipt folder); nothing needs to be sent"
                        + " again.";
            } else {
                if (ledgerId != null) {
                    ledger.markFailed(ledgerId, null, error, FailedStage.DELIVERY);
                }
                hint = "Nothing needs to be uploaded again. Fix the route's later steps (e.g. space or name length in"
                        + " the receipt folder), then retry the job (Retry on the status page, or POST /api/jobs/"
                        + ledgerId + "/retry): only the receipt is written again.";
            }
            outcomes.failed(pipeline, input.relativePath(), vendor, requestId, null, 0, took(), error);
            return report(error, null, null, 0, hint);
        }

        /** For a failure the step did not decide itself, before the vendor had the file. */
        FailureReport unexpectedFailure(Throwable failure) {
            recordAnswer();
            String error = redactor.redact("the route failed: " + (failure == null ? "(no exception)"
                    : failure.toString()));
            if (ledgerId != null) {
                ledger.markFailed(ledgerId, null, error, FailedStage.VENDOR);
            }
            outcomes.failed(pipeline, input.relativePath(), vendor, requestId, null, 0, took(), error);
            return report(error, null, null, 0, "Nothing was sent to the vendor. Fix the route's steps (see the log),"
                    + " then retry the job or move the file back into the intake.");
        }

        FailureReport report(String error, Integer status, String vendorError, int attempts, String hint) {
            var facts = new FailureReport.FileFacts(input.name(), input.relativePath(),
                    file == null ? null : file.size(), file == null ? null : file.sha256());
            return new FailureReport(pipeline, vendor, facts, error, status,
                    vendorError == null || vendorError.isBlank() ? null : vendorError, attempts, receivedAt,
                    clock.instant(), ledgerId, requestId, vendorId, hint);
        }
    }
}
