package io.filebridge.ops.api;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import io.filebridge.ledger.FileState;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Files per pipeline and state, from the ledger in one grouped query. */
@Repository
class JobCounts {

    private final JdbcTemplate jdbc;

    JobCounts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Per pipeline id: every FileState name (in enum order) with its count, zero included. */
    Map<String, Map<String, Long>> byPipeline() {
        Map<String, Map<String, Long>> counts = new HashMap<>();
        jdbc.query("select pipeline, state, count(*) as n from fb_file group by pipeline, state", rs -> {
            String state = rs.getString("state");
            counts.computeIfAbsent(rs.getString("pipeline"), p -> empty()).put(state, rs.getLong("n"));
        });
        return counts;
    }

    static Map<String, Long> empty() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (FileState state : FileState.values()) {
            counts.put(state.name(), 0L);
        }
        return counts;
    }
}
