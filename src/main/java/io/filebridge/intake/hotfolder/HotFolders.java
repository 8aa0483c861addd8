package io.filebridge.intake.hotfolder;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.filebridge.cluster.FileClaims;
import io.filebridge.files.AtomicFiles;
import io.filebridge.intake.FailedInputs;
import io.filebridge.intake.FailureReport;
import io.filebridge.intake.IntakeGate;
import io.filebridge.intake.IntakeProperties;
import io.filebridge.ledger.FileEntry;
import io.filebridge.ledger.Ledger;
import io.filebridge.pipeline.OutcomeLog;
import io.filebridge.pipeline.PipelineVendors;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.component.file.GenericFileProcessStrategy;
import org.apache.camel.component.file.strategy.GenericFileProcessStrategySupport;
import org.apache.camel.component.file.strategy.GenericFileRenameProcessStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * What every hot folder does around Camel's file consumer ({@link FilebridgeFileComponent}): refuses links, special
 * files and unusable names with a ledger row and a report, writes the failure report beside a failed input, and
 * leaves an input in place while the ledger is out. Shared by the endpoints' strategies and filters.
 */
@Component
public class HotFolders {

    private static final Logger log = LoggerFactory.getLogger(HotFolders.class);
    private static final String REPORT_SUFFIX = ".error.json";
    /** Most file systems allow 255 bytes per name. */
    private static final int MAX_NAME_BYTES = 255;

    private final ObjectProvider<Ledger> ledger;
    private final ObjectProvider<FailedInputs> failedInputs;
    private final ObjectProvider<OutcomeLog> outcomes;
    private final ObjectProvider<PipelineVendors> vendors;
    private final ObjectProvider<IntakeGate> gate;
    private final ObjectProvider<FileClaims> claims;
    private final IntakeProperties settings;
    private final ObjectWriter reports;
    private final Clock clock;
    /** Refusals that could not be moved anywhere, so the log says so once per entry, not on every poll. */
    private final Set<Path> reportedInPlace = ConcurrentHashMap.newKeySet();

    // providers: the file component is created early, before the ledger and the Camel context are ready
    public HotFolders(ObjectProvider<Ledger> ledger, ObjectProvider<FailedInputs> failedInputs,
            ObjectProvider<OutcomeLog> outcomes, ObjectProvider<PipelineVendors> vendors,
            ObjectProvider<IntakeGate> gate, ObjectProvider<FileClaims> claims, IntakeProperties settings,
            ObjectMapper json, Clock clock) {
        this.gate = gate;
        this.claims = claims;
        this.ledger = ledger;
        this.failedInputs = failedInputs;
        this.outcomes = outcomes;
        this.vendors = vendors;
        this.settings = settings;
        this.reports = FailureReport.writer(json);
        this.clock = clock;
    }

    /**
     * Camel's strategy for {@code endpoint}, with filebridge's guarantees around it: each file is claimed in the ledger
     * before it is taken ({@link ClaimingReadLock}), archives never replace each other, failures are reported.
     */
    GenericFileProcessStrategy<File> strategy(FileEndpoint endpoint, GenericFileProcessStrategy<File> camel) {
        if (camel instanceof GenericFileProcessStrategySupport<File> support
                && !(support.getExclusiveReadLockStrategy() instanceof ClaimingReadLock)) {
            support.setExclusiveReadLockStrategy(new ClaimingReadLock(support.getExclusiveReadLockStrategy(),
                    claims::getObject));
        }
        GenericFileProcessStrategy<File> moves = camel instanceof GenericFileRenameProcessStrategy<File> rename
                ? new NoClobberRenameStrategy(rename) : camel;
        return new HotFolderStrategy(this, endpoint, moves);
    }

    /** Whether continuous hot folders poll on file-system events too ({@code filebridge.intake.file-events}). */
    boolean watchesFileEvents() {
        return settings.fileEvents();
    }

    /** False while new work must wait ({@link IntakeGate}): the file stays in the inbox for a later poll. */
    boolean mayTakeNewWork() {
        IntakeGate intakeGate = gate.getIfAvailable();
        return intakeGate == null || intakeGate.closedBecause().isEmpty();
    }

    IntakeProperties.LinkPolicy links() {
        return settings.links();
    }

    FailedInputs failedInputs() {
        return failedInputs.getObject();
    }

    /**
     * Refuses an inbox entry: a FAILED ledger row, an outcome line and metric, and the entry (never followed, never
     * opened) moved to {@code failedTarget} with its report. Without a failed folder it stays, reported once.
     */
    void refuse(String pipeline, Refusal refusal, Optional<Path> failedTarget) {
        String vendor = vendors.getObject().vendorOf(pipeline).orElse("-");
        if (failedTarget.isEmpty()) {
            if (reportedInPlace.add(refusal.entry())) {
                outcomes.getObject().refused(pipeline, refusal.safeName(), vendor, refusal.reason(), -1,
                        refusal.error() + " (no failed folder: it stays where it is)");
            }
            return;
        }
        long size = sizeOf(refusal.entry());
        FileEntry row = ledger.getObject().refused(pipeline, vendor, Path.of(refusal.safeName()).getFileName()
                .toString(), refusal.safeName(), size, refusal.error());
        FailureReport report = new FailureReport(pipeline, vendor, new FailureReport.FileFacts(
                Path.of(refusal.safeName()).getFileName().toString(), refusal.safeName(), size, null),
                refusal.error(), null, null, 0, row.receivedAt(), clock.instant(), row.id(), null, null,
                "Nothing was read or sent. Replace the entry with a regular file under a usable name and drop it"
                        + " into the inbox again.");
        try {
            Path target = NoClobberRenameStrategy.freeName(failedTarget.get(), refusal.entry());
            writeReport(target, report);
            Path moved = AtomicFiles.moveWithoutReplacing(refusal.entry(), target);
            if (!moved.equals(target)) {
                writeReport(moved, report);
            }
            failedInputs.getObject().failedCopyAt(report, moved.toString());
        } catch (IOException | RuntimeException e) {
            log.error("pipeline={}: could not move the refused entry {} to the failed folder: {}", pipeline,
                    refusal.safeName(), e.toString());
        }
        outcomes.getObject().refused(pipeline, refusal.safeName(), vendor, refusal.reason(), row.id(),
                refusal.error());
    }

    /** Writes {@code report} beside the failed input at {@code failedInput} (durably, see {@link AtomicFiles}). */
    void writeReport(Path failedInput, FailureReport report) {
        Path path = reportPath(failedInput);
        try {
            AtomicFiles.write(path, reports.writeValueAsBytes(report));
        } catch (IOException e) {
            log.error("pipeline={}: could not write the error report {}: {}", report.pipeline(), path, e.toString());
        }
    }

    /**
     * {@code <name>.error.json} beside the input; when that name would be too long for the file system (the input's
     * own name nearly is), the name is cut and a short hash of the full name keeps it unique. The report names the
     * input in full.
     */
    static Path reportPath(Path failedInput) {
        String name = failedInput.getFileName().toString();
        String full = name + REPORT_SUFFIX;
        if (full.getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES) {
            return failedInput.resolveSibling(full);
        }
        String hash = "~" + HexFormat.of().formatHex(sha256(name), 0, 4);
        int budget = MAX_NAME_BYTES - (hash + REPORT_SUFFIX).length();
        StringBuilder cut = new StringBuilder();
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            String next = new String(Character.toChars(cp));
            if (cut.toString().getBytes(StandardCharsets.UTF_8).length + next.getBytes(StandardCharsets.UTF_8).length
                    > budget) {
                break;
            }
            cut.append(next);
            i += Character.charCount(cp);
        }
        return failedInput.resolveSibling(cut + hash + REPORT_SUFFIX);
    }

    private static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    private static long sizeOf(Path entry) {
        try {
            var attributes = Files.readAttributes(entry, java.nio.file.attribute.BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return attributes.isRegularFile() ? attributes.size() : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
