package io.filebridge.ops.metrics;

import java.time.Duration;

import io.filebridge.pipeline.OutcomeListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * File counters and durations per pipeline and vendor, fed by {@link io.filebridge.pipeline.OutcomeLog}: the metrics
 * count exactly the outcome lines. Prometheus names: {@code filebridge_files_received_total},
 * {@code filebridge_files_uploaded_total}, {@code filebridge_files_completed_total},
 * {@code filebridge_files_duplicate_total}, {@code filebridge_files_failed_total},
 * {@code filebridge_files_refused_total} (tag {@code reason}: link, special, name; counted among the failed too),
 * {@code filebridge_uploaded_bytes_total}, {@code filebridge_upload_duration_seconds} (the vendor call, retries
 * included) and {@code filebridge_file_duration_seconds} (end to end, tag {@code result}).
 */
@Component
public class FileMetrics implements OutcomeListener {

    private final MeterRegistry registry;

    public FileMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void received(String pipeline, String vendor) {
        counter("filebridge.files.received", "Files that entered a vendor step", pipeline, vendor).increment();
    }

    @Override
    public void uploaded(String pipeline, String vendor, long bytes, Duration took) {
        counter("filebridge.files.uploaded", "Files the vendor accepted (uploads and translation submissions)",
                pipeline, vendor).increment();
        Counter.builder("filebridge.uploaded").baseUnit("bytes").description("Bytes of the files the vendor accepted")
                .tags(tags(pipeline, vendor)).register(registry).increment(bytes);
        Timer.builder("filebridge.upload.duration")
                .description("The vendor call of an accepted file, retries and waits included")
                .publishPercentileHistogram().tags(tags(pipeline, vendor)).register(registry).record(took);
    }

    @Override
    public void refused(String pipeline, String vendor, String reason) {
        Counter.builder("filebridge.files.refused")
                .description("Inputs refused without being opened: links, special files, unusable names")
                .tags(tags(pipeline, vendor).and("reason", reason)).register(registry).increment();
    }

    @Override
    public void finished(String pipeline, String vendor, Result result, Duration took) {
        switch (result) {
            case COMPLETED -> counter("filebridge.files.completed", "Files whose work is done", pipeline, vendor)
                    .increment();
            case DUPLICATE -> counter("filebridge.files.duplicate",
                    "Files not sent again: the pipeline already took the same content", pipeline, vendor).increment();
            case FAILED -> counter("filebridge.files.failed", "Files that ended in the failed folder", pipeline,
                    vendor).increment();
        }
        Timer.builder("filebridge.file.duration")
                .description("End to end: from the step taking the file to its outcome (completed, duplicate, failed)")
                .publishPercentileHistogram().tags(tags(pipeline, vendor).and("result", result.name().toLowerCase()))
                .register(registry).record(took);
    }

    private Counter counter(String name, String description, String pipeline, String vendor) {
        return Counter.builder(name).description(description).tags(tags(pipeline, vendor)).register(registry);
    }

    static Tags tags(String pipeline, String vendor) {
        return Tags.of("pipeline", pipeline == null ? "none" : pipeline, "vendor", vendor == null ? "none" : vendor);
    }
}
