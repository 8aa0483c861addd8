package io.filebridge.ledger;

import java.sql.SQLException;

import com.zaxxer.hikari.SQLExceptionOverride;

/**
 * Tells the connection pool to drop connections to an embedded H2 database that closed itself. When H2 cannot write
 * its file (a full disk), it closes the database, and every later statement on those connections fails with "The
 * database has been closed" (90098), an error code the pool does not know as a broken connection, so it would keep
 * handing them out until a restart. Dropped, they are replaced by new connections that open the database file again
 * once there is space. Other errors are left to the pool's own judgement (PostgreSQL's are standard SQL states).
 * Configured as {@code spring.datasource.hikari.exception-override-class-name}.
 */
public class ClosedDatabaseEviction implements SQLExceptionOverride {

    /** H2: the database is closed (90098), or closing (90121). */
    private static final int DATABASE_CLOSED = 90098, DATABASE_SHUTTING_DOWN = 90121;

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && (sql.getErrorCode() == DATABASE_CLOSED
                    || sql.getErrorCode() == DATABASE_SHUTTING_DOWN)) {
                return Override.MUST_EVICT;
            }
            if (t.getClass().getName().equals("org.h2.mvstore.MVStoreException")) {
                return Override.MUST_EVICT; // H2 could not write its file: it closes the database next
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Override.CONTINUE_EVICT;
    }
}
