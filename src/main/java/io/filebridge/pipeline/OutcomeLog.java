package io.filebridge.pipeline;

import java.time.Duration;
import java.util.function.Consumer;

import io.filebridge.pipeline.OutcomeListener.Result;
import io.filebridge.secrets.SecretRedactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * One log line per file outcome, under the logger {@code filebridge.outcome}, so ops can grep or route exactly these:
 * {@code COMPLETED pipeline=.. file=".." vendor=.. vendorId=.. requestId=.. attempts=.. durationMs=..}. Text is
 * redacted. {@link OutcomeListener}s (metrics) hear the same outcomes, so the numbers and the lines always agree.
 *
 * <p>Quoted values ({@code file}, {@code output}, {@code detail}, {@code error}) are written with {@link #quoted}, so a
 * file name cannot close its quotes and add fields of its own; control characters and line breaks are escaped for
 * every log line by the log encoder ({@code io.filebridge.ops.logging.RedactingEncoder}).
 */
@Component
public class OutcomeLog {

    private static final Logger log = LoggerFactory.getLogger("filebridge.outcome");

    private final SecretRedactor redactor;
    private final ObjectProvider<OutcomeListener> listeners;

    public OutcomeLog(SecretRedactor redactor, ObjectProvider<OutcomeListener> listeners) {
        this.redactor = redactor;
        this.listeners = listeners;
    }

    /** A file entered a vendor step. Debug only: the outcome line that follows says the rest. */
    public void received(String pipeline, String file, String vendor) {
        log.debug("RECEIVED pipeline={} file=\"{}\" vendor={}", pipeline, quoted(file), vendor);
        tell(l -> l.received(pipeline, vendor));
    }

    /** The vendor accepted the file; the COMPLETED or SUBMITTED line follows. Only listeners hear this. */
    public void uploaded(String pipeline, String vendor, long bytes, Duration took) {
        tell(l -> l.uploaded(pipeline, vendor, bytes, took));
    }

    public void completed(String pipeline, String file, String vendor, String vendorId, String requestId,
            int attempts, Duration took) {
        log.info("COMPLETED pipeline={} file=\"{}\" vendor={} vendorId={}{} attempts={} durationMs={}", pipeline,
                quoted(file), vendor, vendorId, requestIdField(requestId), attempts, took.toMillis());
        tell(l -> l.finished(pipeline, vendor, Result.COMPLETED, took));
    }

    public void submitted(String pipeline, String file, String vendor, String vendorJobId, int attempts,
            Duration took) {
        log.info("SUBMITTED pipeline={} file=\"{}\" vendor={} vendorId={} attempts={} durationMs={}", pipeline,
                quoted(file), vendor, vendorJobId, attempts, took.toMillis());
    }

    /** One line per translated output (or per output that failed), for jobs with several results per file. */
    public void output(String pipeline, String file, String vendor, String vendorJobId, String output, String state,
            String detail) {
        log.info("OUTPUT {} pipeline={} file=\"{}\" vendor={} vendorId={} output=\"{}\"{}", state, pipeline,
                quoted(file), vendor, vendorJobId, quoted(output),
                detail == null ? "" : " detail=\"" + quoted(redactor.redact(detail)) + "\"");
    }

    public void duplicate(String pipeline, String file, String vendor, String vendorId, long duplicateOf,
            Duration took) {
        log.info("DUPLICATE pipeline={} file=\"{}\" vendor={} vendorId={} duplicateOf={} attempts=0 durationMs={}",
                pipeline, quoted(file), vendor, vendorId, duplicateOf, took.toMillis());
        tell(l -> l.finished(pipeline, vendor, Result.DUPLICATE, took));
    }

    public void failed(String pipeline, String file, String vendor, Integer httpStatus, int attempts, Duration took,
            String error) {
        failed(pipeline, file, vendor, null, httpStatus, attempts, took, error);
    }

    /** {@code requestId}: the failed upload's id, as in the COMPLETED line; null when no upload was started. */
    public void failed(String pipeline, String file, String vendor, String requestId, Integer httpStatus,
            int attempts, Duration took, String error) {
        log.warn("FAILED pipeline={} file=\"{}\" vendor={}{} httpStatus={} attempts={} durationMs={} error=\"{}\"",
                pipeline, quoted(file), vendor, requestIdField(requestId), httpStatus == null ? "-" : httpStatus,
                attempts, took.toMillis(), quoted(redactor.redact(error)));
        tell(l -> l.finished(pipeline, vendor, Result.FAILED, took));
    }

    /**
     * An input refused before any step took it (a link, a special file, a name that cannot be used): it went to the
     * failed folder, or stays where it is when there is none.
     */
    public void refused(String pipeline, String file, String vendor, String reason, long ledgerId, String error) {
        log.warn("FAILED pipeline={} file=\"{}\" vendor={} refused={} job={} attempts=0 error=\"{}\"", pipeline,
                quoted(file), vendor, reason, ledgerId, quoted(redactor.redact(error)));
        tell(l -> l.refused(pipeline, vendor, reason));
        tell(l -> l.finished(pipeline, vendor, Result.FAILED, Duration.ZERO));
    }

    /** A value to stand between double quotes: its own quotes and backslashes escaped, as in a JSON string. */
    public static String quoted(String value) {
        if (value == null || (value.indexOf('"') < 0 && value.indexOf('\\') < 0)) {
            return value;
        }
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String requestIdField(String requestId) {
        return requestId == null ? "" : " requestId=" + requestId;
    }

    /** A listener's failure must never fail a file that was handled. */
    private void tell(Consumer<OutcomeListener> event) {
        listeners.orderedStream().forEach(listener -> {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                log.warn("Outcome listener {} failed: {}", listener.getClass().getSimpleName(), e.toString());
            }
        });
    }
}
