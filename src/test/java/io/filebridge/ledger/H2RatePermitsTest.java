package io.filebridge.ledger;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The shared vendor limits on the embedded H2. */
class H2RatePermitsTest extends RatePermitsContractTest {

    @RegisterExtension
    static final MigratedDatabase database = MigratedDatabase.h2();

    @Override
    protected DataSource dataSource() {
        return database.dataSource();
    }
}
