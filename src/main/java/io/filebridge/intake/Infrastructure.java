package io.filebridge.intake;

import java.io.IOException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import io.filebridge.connector.VendorCallStopped;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.transaction.TransactionException;

/**
 * Failures of what filebridge runs on rather than of a file: the ledger database unreachable (PostgreSQL restarting,
 * the embedded H2 on a full disk), the data disk full. A file that meets one before the vendor has it waits in its
 * intake and is taken again later, instead of being failed for something that is not its fault.
 */
public final class Infrastructure {

    private static final Logger log = LoggerFactory.getLogger(Infrastructure.class);

    /** How long recording an outcome the vendor already gave waits for the ledger before giving up. */
    static final Duration RECORDING_PATIENCE = Duration.ofMinutes(2);

    private Infrastructure() {
    }

    /**
     * True when {@code failure} (or a cause) is an outage of the ledger database or of the data disk, or the stop of
     * filebridge itself: nothing the file could be failed for.
     */
    public static boolean isOutage(Throwable failure, CamelContext context) {
        return isStopping(context) || isOutage(failure);
    }

    /**
     * Camel is stopping or stopped: a file whose step fails now (its producer stopped under it, its worker was
     * interrupted) stays in its intake for the next start; the stop is nothing to fail a file for.
     */
    public static boolean isStopping(CamelContext context) {
        return context != null && (context.getStatus().isStopping() || context.getStatus().isStopped());
    }

    public static boolean isOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DataIntegrityViolationException || t instanceof BadSqlGrammarException
                    || t instanceof InvalidDataAccessApiUsageException) {
                return false; // a bug or a data problem: waiting does not fix it
            }
            if (t instanceof DataAccessException || t instanceof TransactionException || t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof VendorCallStopped) {
                return true; // filebridge is stopping and gave up a vendor call before sending it
            }
            if (t instanceof RejectedExecutionException) {
                return true; // filebridge is stopping and its step workers take no more files (StepWorkers)
            }
            if (t instanceof IOException io && io.getMessage() != null
                    && (io.getMessage().contains("No space left on device")
                            || io.getMessage().contains("Disk quota exceeded"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * Runs a ledger write that records what the vendor already did (an upload, a submission), retrying it through a
     * short ledger outage: losing it would cost a second upload. Gives up after {@link #RECORDING_PATIENCE}.
     */
    public static <T> T untilRecorded(String what, Supplier<T> write) {
        long deadline = System.nanoTime() + RECORDING_PATIENCE.toNanos();
        long pause = 200;
        while (true) {
            try {
                return write.get();
            } catch (RuntimeException e) {
                if (!isOutage(e) || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                log.warn("Could not record {} yet ({}); trying again in {} ms", what, e.getMessage(), pause);
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pause = Math.min(pause * 2, 5_000);
            }
        }
    }

    /** {@link #untilRecorded(String, Supplier)} for a write without a result. */
    public static void untilRecorded(String what, Runnable write) {
        untilRecorded(what, () -> {
            write.run();
            return null;
        });
    }
}
