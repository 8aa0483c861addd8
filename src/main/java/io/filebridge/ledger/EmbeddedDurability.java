package io.filebridge.ledger;

import java.sql.DatabaseMetaData;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Makes the embedded H2 ledger write every commit to its file before the commit returns. H2's default
 * ({@code WRITE_DELAY} 500 ms) keeps commits in memory for up to half a second: a process killed in that window loses
 * them, and files already archived then have no ledger row, or a row that is not COMPLETED. With 0, H2 hands each
 * commit to the operating system at once, which survives a killed process; it does not fsync, so a power loss can
 * still lose the last commits (PostgreSQL, with its defaults, survives both). The setting is stored in the database.
 */
final class EmbeddedDurability {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDurability.class);

    private EmbeddedDurability() {
    }

    static void apply(JdbcTemplate jdbc) {
        String product = jdbc.execute((ConnectionCallback<String>) c -> {
            DatabaseMetaData meta = c.getMetaData();
            return meta.getDatabaseProductName();
        });
        if (product != null && product.toLowerCase(java.util.Locale.ROOT).contains("h2")) {
            jdbc.execute("SET WRITE_DELAY 0");
            log.debug("Ledger: embedded H2, every commit is written to its file before it returns");
        }
    }
}
