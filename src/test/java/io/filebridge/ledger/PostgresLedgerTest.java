package io.filebridge.ledger;

import java.io.IOException;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.zaxxer.hikari.HikariDataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** The ledger contract on a real PostgreSQL 17 (embedded binaries, no Docker), started once for the class. */
class PostgresLedgerTest extends LedgerContractTest {

    private static EmbeddedPostgres postgres;
    private static HikariDataSource ds;

    @BeforeAll
    static void startDatabase() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        ds = pool(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "");
        migrate(ds);
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
