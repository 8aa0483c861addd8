package io.filebridge.cluster;

import javax.sql.DataSource;

import io.filebridge.ledger.MigratedDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cluster's members and file claims on a real PostgreSQL 17, where instances on several hosts meet: a losing
 * INSERT must not raise (ON CONFLICT DO NOTHING), and the take-over's compare must hold under concurrent claimers.
 */
class PostgresFileClaimsTest extends FileClaimsContractTest {

    @RegisterExtension
    static final MigratedDatabase database = MigratedDatabase.postgres();

    @Override
    protected DataSource dataSource() {
        return database.dataSource();
    }
}
