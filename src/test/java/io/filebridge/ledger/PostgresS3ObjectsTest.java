package io.filebridge.ledger;

import java.io.IOException;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.zaxxer.hikari.HikariDataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The S3 object claims on a real PostgreSQL 17: here a losing INSERT really raises a unique violation, which must not
 * poison the follow-up UPDATE (PostgreSQL aborts a transaction after an error).
 */
class PostgresS3ObjectsTest extends S3ObjectsContractTest {

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
