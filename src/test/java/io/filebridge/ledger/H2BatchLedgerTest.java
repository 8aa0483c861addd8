package io.filebridge.ledger;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The batch ledger on H2 in PostgreSQL mode, as the default (file) configuration runs it, but in memory. */
class H2BatchLedgerTest extends BatchLedgerContractTest {

    @RegisterExtension
    static final MigratedDatabase database = MigratedDatabase.h2();

    @Override
    protected DataSource dataSource() {
        return database.dataSource();
    }
}
