package io.filebridge.ledger;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The inbox leases on a real PostgreSQL 17: a losing INSERT raises a unique violation there, which must not poison the
 * follow-up statements, and the take-over's compare on the heartbeat must match the timestamp as PostgreSQL stores it.
 */
class PostgresInboxLeasesTest extends InboxLeasesContractTest {

    @RegisterExtension
    static final MigratedDatabase database = MigratedDatabase.postgres();

    @Override
    protected DataSource dataSource() {
        return database.dataSource();
    }
}
