package io.filebridge.cluster;

import javax.sql.DataSource;

import io.filebridge.ledger.MigratedDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cluster's members and file claims on H2 in PostgreSQL mode (the default ledger database), in memory. */
class H2FileClaimsTest extends FileClaimsContractTest {

    @RegisterExtension
    static final MigratedDatabase database = MigratedDatabase.h2();

    @Override
    protected DataSource dataSource() {
        return database.dataSource();
    }
}
