package io.filebridge.intake.hotfolder;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Hot-folder files that have kept changing for longer than {@code filebridge.intake.unsettled-after}: a writer that
 * never finishes (a log file, a stuck copy), so the file is never taken. Nothing is done to the file (moving it would
 * break its writer), but it does not go unnoticed: one WARN line when it crosses the limit,
 * {@code filebridge_files_unsettled{pipeline}}, and the list on GET /api/pipelines and the status page.
 */
@Component
public class UnsettledFiles {

    private static final Logger log = LoggerFactory.getLogger(UnsettledFiles.class);

    /** A file that keeps changing: where, and since when filebridge has seen it change. */
    public record Unsettled(String path, Instant changingSince) {
    }

    private final Map<String, Map<Path, Unsettled>> byPipeline = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final Clock clock;

    public UnsettledFiles(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** The read lock of {@code pipeline} has seen {@code file} change for {@code changingFor} without a pause. */
    void unsettled(String pipeline, Path inbox, Path file, Duration changingFor) {
        Map<Path, Unsettled> files = byPipeline.computeIfAbsent(pipeline, this::register);
        Unsettled entry = new Unsettled(relative(inbox, file), clock.instant().minus(changingFor));
        if (files.putIfAbsent(file, entry) == null) {
            log.warn("pipeline={} file=\"{}\": has kept changing for {} s and is not taken while it changes; if its"
                    + " writer is done, check that nothing else still writes to it", pipeline, entry.path(),
                    changingFor.toSeconds());
        }
    }

    /** The file was taken, or is gone. */
    void settled(String pipeline, Path file) {
        Map<Path, Unsettled> files = byPipeline.get(pipeline);
        if (files != null && files.remove(file) != null) {
            log.info("pipeline={}: {} stopped changing", pipeline, file.getFileName());
        }
    }

    /** The pipeline's files that keep changing, oldest first. */
    public List<Unsettled> of(String pipeline) {
        return byPipeline.getOrDefault(pipeline, Map.of()).values().stream()
                .sorted(Comparator.comparing(Unsettled::changingSince)).toList();
    }

    private Map<Path, Unsettled> register(String pipeline) {
        Map<Path, Unsettled> files = new ConcurrentHashMap<>();
        Gauge.builder("filebridge.files.unsettled", files, Map::size)
                .description("Hot-folder files that keep changing for longer than filebridge.intake.unsettled-after,"
                        + " so they are not taken")
                .tag("pipeline", pipeline).register(registry);
        return files;
    }

    private static String relative(Path inbox, Path file) {
        try {
            return inbox == null ? file.toString() : inbox.relativize(file).toString();
        } catch (IllegalArgumentException e) {
            return file.toString();
        }
    }
}
