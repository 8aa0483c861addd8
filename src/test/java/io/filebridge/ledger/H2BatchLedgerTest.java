package io.filebridge.ledger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The batch ledger on H2 in PostgreSQL mode, as the default (file) configuration runs it, but in memory. */
class H2BatchLedgerTest extends BatchLedgerContractTest {

    private static HikariDataSource ds;

    @BeforeAll
    static void startDatabase() {
        ds = LedgerContractTest.pool("jdbc:h2:mem:batch-ledger;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
                "sa", "");
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
