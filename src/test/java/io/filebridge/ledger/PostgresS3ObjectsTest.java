package io.filebridge.ledger;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The S3 object claims on a real PostgreSQL 17: here a losing INSERT really raises a unique violation, which must not
 * poison the follow-up UPDATE (PostgreSQL aborts a transaction after an error).
 */
class PostgresS3ObjectsTest extends S3ObjectsContractTest {

    @RegisterExtension
    static final MigratedDatabase database = MigratedDatabase.postgres();

    @Override
    protected DataSource dataSource() {
        return database.dataSource();
    }
}
