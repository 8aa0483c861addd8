package io.filebridge.pipeline;

import java.time.Duration;

import io.filebridge.security.SecretRedactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One log line per file outcome, under the logger {@code filebridge.outcome}, so ops can grep or route exactly these:
 * {@code COMPLETED pipeline=.. file=".." vendor=.. vendorId=.. attempts=.. durationMs=..}. Text is redacted.
 */
@Component
public class OutcomeLog {

    private static final Logger log = LoggerFactory.getLogger("filebridge.outcome");

    private final SecretRedactor redactor;

    public OutcomeLog(SecretRedactor redactor) {
        this.redactor = redactor;
    }

    public void completed(String pipeline, String file, String vendor, String vendorId, String requestId,
            int attempts, Duration took) {
        log.info("COMPLETED pipeline={} file=\"{}\" vendor={} vendorId={}{} attempts={} durationMs={}", pipeline, file,
                vendor, vendorId, requestId == null ? "" : " requestId=" + requestId, attempts, took.toMillis());
    }

    public void submitted(String pipeline, String file, String vendor, String vendorJobId, int attempts,
            Duration took) {
        log.info("SUBMITTED pipeline={} file=\"{}\" vendor={} vendorId={} attempts={} durationMs={}", pipeline, file,
                vendor, vendorJobId, attempts, took.toMillis());
    }

    /** One line per translated output (or per output that failed), for jobs with several results per file. */
    public void output(String pipeline, String file, String vendor, String vendorJobId, String output, String state,
            String detail) {
        log.info("OUTPUT {} pipeline={} file=\"{}\" vendor={} vendorId={} output=\"{}\"{}", state, pipeline, file,
                vendor, vendorJobId, output, detail == null ? "" : " detail=\"" + redactor.redact(detail) + "\"");
    }

    public void duplicate(String pipeline, String file, String vendor, String vendorId, long duplicateOf,
            Duration took) {
        log.info("DUPLICATE pipeline={} file=\"{}\" vendor={} vendorId={} duplicateOf={} attempts=0 durationMs={}",
                pipeline, file, vendor, vendorId, duplicateOf, took.toMillis());
    }

    public void failed(String pipeline, String file, String vendor, Integer httpStatus, int attempts, Duration took,
            String error) {
        log.warn("FAILED pipeline={} file=\"{}\" vendor={} httpStatus={} attempts={} durationMs={} error=\"{}\"",
                pipeline, file, vendor, httpStatus == null ? "-" : httpStatus, attempts, took.toMillis(),
                redactor.redact(error));
    }
}
