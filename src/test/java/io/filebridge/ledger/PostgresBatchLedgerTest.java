package io.filebridge.ledger;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The batch ledger on a real PostgreSQL 17 (embedded binaries, no Docker), started once for the class. */
class PostgresBatchLedgerTest extends BatchLedgerContractTest {

    @RegisterExtension
    static final MigratedDatabase database = MigratedDatabase.postgres();

    @Override
    protected DataSource dataSource() {
        return database.dataSource();
    }
}
