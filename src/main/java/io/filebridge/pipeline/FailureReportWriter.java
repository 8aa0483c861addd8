package io.filebridge.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.filebridge.delivery.AtomicFiles;
import org.apache.camel.Exchange;
import org.apache.camel.Ordered;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code <failed path>.error.json} when a file's exchange fails, whatever failed: the vendor, a check, or a
 * later step of the route such as writing the receipt. Registered on the exchange before any work starts, so that
 * no failure leaves a file in the failed folder without its report. The target is computed exactly as the file
 * consumer computes it ({@link FailedFolder}), so it does not matter whether this runs before or after the move: a
 * sink Kamelet works on a correlated copy of the exchange, which completes before the consumer moves the file.
 */
final class FailureReportWriter extends SynchronizationAdapter implements Ordered {

    private static final Logger log = LoggerFactory.getLogger(FailureReportWriter.class);

    private final ObjectMapper json;
    /** Builds the report for failures that did not come with one (unexpected exceptions). */
    private final Function<Throwable, FailureReport> fallbackReport;

    /** Where failed S3 objects go, below the same bucket (or the consumer's destinationBucket). */
    private final String s3FailedPrefix;

    /** Told where the failed copy went (absolute path or s3://bucket/key), so a retry can put it back. */
    private final BiConsumer<FailureReport, String> failedCopyListener;

    FailureReportWriter(ObjectMapper json, Function<Throwable, FailureReport> fallbackReport) {
        this(json, fallbackReport, "failed/", (report, location) -> { });
    }

    FailureReportWriter(ObjectMapper json, Function<Throwable, FailureReport> fallbackReport, String s3FailedPrefix,
            BiConsumer<FailureReport, String> failedCopyListener) {
        this.s3FailedPrefix = s3FailedPrefix;
        this.failedCopyListener = failedCopyListener;
        this.json = json.copy().enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        this.fallbackReport = fallbackReport;
    }

    @Override
    public void onFailure(Exchange exchange) {
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        FailureReport report = failure instanceof UploadFailed uf ? uf.report() : fallbackReport.apply(failure);
        if (S3Intake.isS3(exchange)) {
            S3Intake.of(exchange).ifPresentOrElse(s3 -> moveToFailed(s3, report),
                    () -> log.error("pipeline={} file={}: failed ({}); no aws2-s3 intake route reads this object",
                            report.pipeline(), report.file() == null ? "?" : report.file().path(), report.error()));
            return;
        }
        FailedFolder.failedPathOf(exchange).ifPresentOrElse(failedPath -> write(failedPath, report),
                () -> log.error("pipeline={} file={}: failed ({}); no failed folder to put the report in",
                        report.pipeline(), report.file() == null ? "?" : report.file().path(), report.error()));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST;
    }

    private void moveToFailed(S3Intake s3, FailureReport report) {
        try {
            String target = s3.moveToFailed(s3FailedPrefix, json.writeValueAsBytes(report));
            failedCopyListener.accept(report, target);
            log.debug("pipeline={}: moved s3://{}/{} to {}", report.pipeline(), s3.bucket(), s3.key(), target);
        } catch (Exception e) {
            log.error("pipeline={}: could not move s3://{}/{} to the failed prefix {} (it stays where it is and is"
                    + " read again): {}", report.pipeline(), s3.bucket(), s3.key(), s3FailedPrefix, e.toString());
        }
    }

    private void write(Path failedPath, FailureReport report) {
        Path reportPath = failedPath.resolveSibling(failedPath.getFileName() + ".error.json");
        try {
            AtomicFiles.write(reportPath, json.writeValueAsBytes(report));
            failedCopyListener.accept(report, failedPath.toString());
        } catch (IOException e) {
            log.error("pipeline={}: could not write the error report {}: {}", report.pipeline(), reportPath,
                    e.toString());
        }
    }
}
