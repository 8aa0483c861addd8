package io.filebridge.ledger;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Run as its own process by {@link EmbeddedDurabilityTest}: commits rows to an H2 file one by one, then dies at once
 * as a SIGKILL would leave it (no shutdown hooks, no H2 close). Arguments: the JDBC URL, how many rows, and whether
 * to apply {@link EmbeddedDurability} first.
 */
public final class CommitThenHalt {

    private CommitThenHalt() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int rows = Integer.parseInt(args[1]);
        boolean durable = Boolean.parseBoolean(args[2]);
        Connection connection = DriverManager.getConnection(url, "sa", "");
        if (durable) {
            EmbeddedDurability.apply(new JdbcTemplate(new SingleConnectionDataSource(connection, true)));
        }
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("create table if not exists committed (n int primary key)");
        }
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement("insert into committed (n) values (?)")) {
            for (int n = 1; n <= rows; n++) {
                insert.setInt(1, n);
                insert.executeUpdate();
                connection.commit();
            }
        }
        System.out.println("committed " + rows);
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}
