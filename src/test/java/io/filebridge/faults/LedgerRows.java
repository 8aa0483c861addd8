package io.filebridge.faults;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code fb_file} as the suite reads it straight from the database. {@code reuploads} ("times an upload or
 * translation submission of this row was started again after a crash interrupted an earlier one whose outcome was
 * unknown", migration V8) is read when the column exists and counts as 0 where it does not yet.
 */
final class LedgerRows {

    /** One {@code fb_file} row, the columns the suite judges by. */
    record Row(long id, String pipeline, String relativePath, String sha256, String state, String vendorId,
            Long duplicateOf, int reuploads, String instanceId) {

        boolean finalState() {
            return state.equals("COMPLETED") || state.equals("FAILED") || state.equals("DUPLICATE");
        }
    }

    private LedgerRows() {
    }

    static List<Row> read(LedgerDatabase database) {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select * from fb_file order by id")) {
            Set<String> columns = columns(rows.getMetaData());
            boolean hasReuploads = columns.contains("reuploads");
            List<Row> result = new ArrayList<>();
            while (rows.next()) {
                long duplicateOf = rows.getLong("duplicate_of");
                Long duplicate = rows.wasNull() ? null : duplicateOf;
                String sha256 = rows.getString("sha256"); // none for an input refused unread (a link, a FIFO)
                result.add(new Row(rows.getLong("id"), rows.getString("pipeline"), rows.getString("relative_path"),
                        sha256 == null ? "" : sha256.strip(), rows.getString("state"), rows.getString("vendor_id"),
                        duplicate, hasReuploads ? rows.getInt("reuploads") : 0, rows.getString("instance_id")));
            }
            return result;
        } catch (SQLException e) {
            if (isMissingDatabaseOrTable(e)) {
                return List.of(); // killed before Flyway created anything: no rows is the truth
            }
            throw new IllegalStateException("could not read fb_file from the " + database.name() + " ledger: " + e,
                    e);
        }
    }

    /** Rows per pipeline that were UPLOADING: uploads and submissions in flight at this moment (a kill). */
    static Map<String, Integer> uploading(LedgerDatabase database) {
        Map<String, Integer> perPipeline = new HashMap<>();
        for (Row row : read(database)) {
            if (row.state().equals("UPLOADING")) {
                perPipeline.merge(row.pipeline(), 1, Integer::sum);
            }
        }
        return perPipeline;
    }

    private static Set<String> columns(ResultSetMetaData meta) throws SQLException {
        Set<String> names = new HashSet<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            names.add(meta.getColumnName(i).toLowerCase(Locale.ROOT));
        }
        return names;
    }

    private static boolean isMissingDatabaseOrTable(SQLException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        // H2: 90146 database not found (IFEXISTS), 42104/42102 table not found; PostgreSQL: 42P01 undefined table
        return e.getErrorCode() == 90146 || e.getErrorCode() == 42104 || e.getErrorCode() == 42102
                || "42P01".equals(e.getSQLState()) || message.contains("not found");
    }
}
