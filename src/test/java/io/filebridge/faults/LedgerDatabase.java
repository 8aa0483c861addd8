package io.filebridge.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The ledger database of one fault run, as the application is pointed at it and as the suite reads it directly
 * (never through the product's API).
 */
interface LedgerDatabase extends AutoCloseable {

    /** "h2" or "postgresql", as printed in the summary. */
    String name();

    /** {@code --spring.datasource.*} arguments for the application. */
    List<String> applicationArguments();

    /** A direct connection; for the embedded H2 file only while no application has it open. */
    Connection connect() throws SQLException;

    @Override
    void close() throws IOException;

    static LedgerDatabase named(String name, Path dataDir) throws IOException {
        return switch (name) {
            case "h2" -> new H2File(dataDir);
            case "postgresql" -> Postgres.start(dataDir.resolveSibling("postgres"));
            default -> throw new IllegalArgumentException("unknown database " + name + " (h2 or postgresql)");
        };
    }

    /**
     * The default: the application's own H2 file under its data dir (the shipped URL, left to the application). The
     * suite opens it only when the application is dead, with the same options, never creates it and only reads it
     * ({@code ACCESS_MODE_DATA=r}): recovering the file after a kill is the application's job, not the suite's.
     */
    final class H2File implements LedgerDatabase {

        private final Path dataDir;

        H2File(Path dataDir) {
            this.dataDir = dataDir;
        }

        @Override
        public String name() {
            return "h2";
        }

        @Override
        public List<String> applicationArguments() {
            return List.of(); // config/application.yml's default: jdbc:h2:file:${filebridge.data-dir}/ledger/...
        }

        @Override
        public Connection connect() throws SQLException {
            return DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("ledger").resolve("filebridge")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;IFEXISTS=TRUE;ACCESS_MODE_DATA=r", "sa", "");
        }

        @Override
        public void close() {
        }
    }

    /**
     * A real PostgreSQL 17 from the embedded binaries, on a fixed port and data directory so it can be stopped and
     * started again under the running application (a database outage).
     */
    final class Postgres implements LedgerDatabase {

        private final Path dataDir;
        private final int port;
        private EmbeddedPostgres server;

        private Postgres(Path dataDir, EmbeddedPostgres server) {
            this.dataDir = dataDir;
            this.server = server;
            this.port = server.getPort();
        }

        static Postgres start(Path dataDir) throws IOException {
            return new Postgres(dataDir, builder(dataDir).start());
        }

        private static EmbeddedPostgres.Builder builder(Path dataDir) {
            return EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(30));
        }

        @Override
        public String name() {
            return "postgresql";
        }

        @Override
        public List<String> applicationArguments() {
            return List.of("--spring.datasource.url=" + jdbcUrl(), "--spring.datasource.username=postgres",
                    "--spring.datasource.password=");
        }

        String jdbcUrl() {
            return "jdbc:postgresql://localhost:" + port + "/postgres";
        }

        @Override
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl(), "postgres", "");
        }

        /** Stops the server (fast shutdown: sessions are cut); its data stays. */
        void stopServer() throws IOException {
            server.close();
            server = null;
        }

        /** Starts it again on the same port and data directory. */
        void startServer() throws IOException {
            server = builder(dataDir).setPort(port).start();
        }

        @Override
        public void close() throws IOException {
            if (server != null) {
                server.close();
                server = null;
            }
        }
    }
}
