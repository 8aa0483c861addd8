package io.filebridge.ledger;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.zaxxer.hikari.HikariDataSource;

/** The S3 object claims on H2 in PostgreSQL mode (the default ledger database), in memory. */
class H2S3ObjectsTest extends S3ObjectsContractTest {

    private static HikariDataSource ds;

    @BeforeAll
    static void startDatabase() {
        ds = LedgerContractTest.pool("jdbc:h2:mem:s3-objects-contract;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DB_CLOSE_DELAY=-1", "sa", "");
        LedgerContractTest.migrate(ds);
    }

    @AfterAll
    static void stopDatabase() {
        if (ds != null) {
            new org.springframework.jdbc.core.JdbcTemplate(ds).execute("shutdown");
            ds.close();
        }
    }

    @Override
    protected DataSource dataSource() {
        return ds;
    }
}
