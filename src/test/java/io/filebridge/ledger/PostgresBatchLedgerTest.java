package io.filebridge.ledger;

import java.io.IOException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The batch ledger on a real PostgreSQL 17 (embedded binaries, no Docker), started once for the class. */
class PostgresBatchLedgerTest extends BatchLedgerContractTest {

    private static EmbeddedPostgres postgres;
    private static HikariDataSource ds;

    @BeforeAll
    static void startDatabase() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        ds = LedgerContractTest.pool(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "");
        LedgerContractTest.migrate(ds);
    }

    @AfterAll
    static void stopDatabase() throws IOException {
        if (ds != null) {
            ds.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    protected DataSource dataSource() {
        return ds;
    }
}
