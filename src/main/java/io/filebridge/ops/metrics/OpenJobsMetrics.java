package io.filebridge.ops.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.filebridge.ledger.FileState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Open work from the ledger: {@code filebridge_jobs_open{state}} for files not finished yet (received, uploading,
 * submitted to an asynchronous vendor, or interrupted by a crash and waiting for an operator) and
 * {@code filebridge_jobs_oldest_open_age_seconds}, the age of the oldest received, uploading or submitted file (0
 * when none): a stuck pipeline shows as a growing age. One grouped query on the indexed state column, run at most
 * once per {@code filebridge.metrics.ledger-refresh}, whatever the scrape rate.
 */
@Component
public class OpenJobsMetrics implements MeterBinder {

    static final List<FileState> OPEN = List.of(FileState.RECEIVED, FileState.UPLOADING, FileState.SUBMITTED,
            FileState.INTERRUPTED);
    /** Interrupted files wait for an operator, not for filebridge: counted, but they do not age the pipeline. */
    static final List<FileState> IN_PROGRESS = List.of(FileState.RECEIVED, FileState.UPLOADING, FileState.SUBMITTED);

    private record Snapshot(Map<FileState, Long> counts, Instant oldest, Instant takenAt) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration refresh;
    private volatile Snapshot snapshot;

    public OpenJobsMetrics(JdbcTemplate jdbc, Clock clock, MetricsSettings settings) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.refresh = settings.ledgerRefresh();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (FileState state : OPEN) {
            Gauge.builder("filebridge.jobs.open", () -> snapshot().counts().getOrDefault(state, 0L))
                    .description("Files in the ledger that are not finished, by state")
                    .tag("state", state.name().toLowerCase()).register(registry);
        }
        TimeGauge.builder("filebridge.jobs.oldest.open.age", () -> {
            Instant oldest = snapshot().oldest();
            return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis());
        }, TimeUnit.MILLISECONDS).description("Age of the oldest received, uploading or submitted file")
                .register(registry);
    }

    private Snapshot snapshot() {
        Snapshot current = snapshot;
        Instant now = clock.instant();
        if (current != null && current.takenAt().plus(refresh).isAfter(now)) {
            return current;
        }
        synchronized (this) {
            if (snapshot == current) {
                snapshot = query(now);
            }
            return snapshot;
        }
    }

    private Snapshot query(Instant now) {
        Map<FileState, Long> counts = new EnumMap<>(FileState.class);
        Instant[] oldest = {null};
        String states = String.join(",", OPEN.stream().map(s -> "'" + s.name() + "'").toList());
        jdbc.query("select state, count(*) as n, min(received_at) as oldest from fb_file where state in (" + states
                + ") group by state", rs -> {
                    FileState state = FileState.valueOf(rs.getString("state"));
                    counts.put(state, rs.getLong("n"));
                    OffsetDateTime first = rs.getObject("oldest", OffsetDateTime.class);
                    if (first != null && IN_PROGRESS.contains(state)
                            && (oldest[0] == null || first.toInstant().isBefore(oldest[0]))) {
                        oldest[0] = first.toInstant();
                    }
                });
        return new Snapshot(counts, oldest[0], now);
    }
}
