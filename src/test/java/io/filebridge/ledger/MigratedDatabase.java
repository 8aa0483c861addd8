package io.filebridge.ledger;

import java.io.IOException;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A ledger database with every migration applied, for one test class: an in-memory H2 in PostgreSQL mode, or a real
 * PostgreSQL 17 from embedded binaries (no Docker). Register it as a static {@code @RegisterExtension} field; the
 * same contract test then runs on both databases.
 */
public final class MigratedDatabase implements BeforeAllCallback, AfterAllCallback {

    private final boolean postgres;
    private EmbeddedPostgres server;
    private HikariDataSource dataSource;

    private MigratedDatabase(boolean postgres) {
        this.postgres = postgres;
    }

    public static MigratedDatabase h2() {
        return new MigratedDatabase(false);
    }

    public static MigratedDatabase postgres() {
        return new MigratedDatabase(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (postgres) {
            server = EmbeddedPostgres.builder().start();
            dataSource = LedgerContractTest.pool(server.getJdbcUrl("postgres", "postgres"), "postgres", "");
        } else {
            dataSource = LedgerContractTest.pool("jdbc:h2:mem:" + UUID.randomUUID()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
        }
        LedgerContractTest.migrate(dataSource);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (dataSource != null) {
            if (!postgres) {
                new JdbcTemplate(dataSource).execute("shutdown");
            }
            dataSource.close();
        }
        if (server != null) {
            server.close();
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }
}
