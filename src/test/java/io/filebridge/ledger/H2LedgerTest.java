package io.filebridge.ledger;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The ledger contract on H2 in PostgreSQL mode, as the default (file) configuration runs it, but in memory. */
class H2LedgerTest extends LedgerContractTest {

    @RegisterExtension
    static final MigratedDatabase database = MigratedDatabase.h2();

    @Override
    protected DataSource dataSource() {
        return database.dataSource();
    }
}
