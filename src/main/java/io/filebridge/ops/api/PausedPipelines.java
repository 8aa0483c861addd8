package io.filebridge.ops.api;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Pipelines an operator paused, kept in the ledger database ({@code fb_paused_pipeline}, V6) so that a paused
 * pipeline stays paused after a restart, on every instance sharing the ledger once it starts.
 */
@Repository
public class PausedPipelines {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    /** Pipelines this instance holds paused (not started at its start, or suspended by a pause): only these resume. */
    private final Set<String> heldHere = ConcurrentHashMap.newKeySet();

    public PausedPipelines(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Set<String> all() {
        return new HashSet<>(jdbc.queryForList("select pipeline from fb_paused_pipeline", String.class));
    }

    public boolean isPaused(String pipeline) {
        return jdbc.queryForObject("select count(*) from fb_paused_pipeline where pipeline = ?", Integer.class,
                pipeline) > 0;
    }

    /** Idempotent: pausing a paused pipeline keeps its first time. */
    public void pause(String pipeline, String by) {
        if (!isPaused(pipeline)) {
            try {
                jdbc.update("insert into fb_paused_pipeline (pipeline, paused_at, paused_by) values (?, ?, ?)",
                        pipeline, OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS),
                                ZoneOffset.UTC), by);
            } catch (org.springframework.dao.DuplicateKeyException raced) {
                // another request or instance paused it at the same moment: paused either way
            }
        }
    }

    public void resume(String pipeline) {
        jdbc.update("delete from fb_paused_pipeline where pipeline = ?", pipeline);
    }

    /** This instance holds {@code pipeline} paused (a route it did not start, or suspended). */
    void heldHere(String pipeline, boolean held) {
        if (held) {
            heldHere.add(pipeline);
        } else {
            heldHere.remove(pipeline);
        }
    }

    boolean isHeldHere(String pipeline) {
        return heldHere.contains(pipeline);
    }
}
