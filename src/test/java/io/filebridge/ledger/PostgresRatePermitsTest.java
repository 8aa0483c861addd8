package io.filebridge.ledger;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The shared vendor limits on a real PostgreSQL 17, as a cluster uses them. */
class PostgresRatePermitsTest extends RatePermitsContractTest {

    @RegisterExtension
    static final MigratedDatabase database = MigratedDatabase.postgres();

    @Override
    protected DataSource dataSource() {
        return database.dataSource();
    }
}
