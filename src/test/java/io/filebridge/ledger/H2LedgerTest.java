package io.filebridge.ledger;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.zaxxer.hikari.HikariDataSource;

/** The ledger contract on H2 in PostgreSQL mode, as the default (file) configuration runs it, but in memory. */
class H2LedgerTest extends LedgerContractTest {

    private static HikariDataSource ds;

    @BeforeAll
    static void startDatabase() {
        ds = pool("jdbc:h2:mem:ledger-contract;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
        migrate(ds);
    }

    @AfterAll
    static void stopDatabase() {
        if (ds != null) {
            new org.springframework.jdbc.core.JdbcTemplate(ds).execute("shutdown"); // DB_CLOSE_DELAY=-1 would keep it
            ds.close();
        }
    }

    @Override
    protected DataSource dataSource() {
        return ds;
    }
}
