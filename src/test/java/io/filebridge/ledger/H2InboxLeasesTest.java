package io.filebridge.ledger;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The inbox leases on H2 in PostgreSQL mode (the default ledger database), in memory. */
class H2InboxLeasesTest extends InboxLeasesContractTest {

    @RegisterExtension
    static final MigratedDatabase database = MigratedDatabase.h2();

    @Override
    protected DataSource dataSource() {
        return database.dataSource();
    }
}
