package io.filebridge.batch;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * One run of a scheduled pipeline while it is going on: the files its poll took, and how many of them have ended
 * and how. A file consumer hands a poll's files to the route one after the other, but the vendor step works on its own
 * threads, so files can still be uploading when the poll is over. The run is over when both have happened: the poll
 * ended, and every file it took has its outcome. Then {@code whenOver} is called, exactly once.
 */
final class BatchRun {

    enum Outcome { UPLOADED, DUPLICATE, FAILED, SKIPPED }

    /** Counts of a finished run. */
    record Totals(Instant startedAt, int seen, int uploaded, int duplicates, int failed, int skipped,
            String pollError) {
    }

    private final Instant startedAt;
    private final Consumer<Totals> whenOver;

    private int seen;
    private int uploaded;
    private int duplicates;
    private int failed;
    private int skipped;
    private int pending;
    private boolean pollOver;
    private boolean reported;
    private String pollError;

    BatchRun(Instant startedAt, Consumer<Totals> whenOver) {
        this.startedAt = startedAt;
        this.whenOver = whenOver;
    }

    /** The poll handed a file to the route. */
    synchronized void took() {
        seen++;
        pending++;
    }

    /** A file of this run ended. */
    void ended(Outcome outcome) {
        Totals totals;
        synchronized (this) {
            switch (outcome) {
                case UPLOADED -> uploaded++;
                case DUPLICATE -> duplicates++;
                case FAILED -> failed++;
                case SKIPPED -> skipped++;
            }
            pending--;
            totals = overNow();
        }
        report(totals);
    }

    /** The poll is over; {@code error} is set when it failed. */
    void pollEnded(String error) {
        Totals totals;
        synchronized (this) {
            pollOver = true;
            pollError = error;
            totals = overNow();
        }
        report(totals);
    }

    private Totals overNow() {
        if (!pollOver || pending > 0 || reported) {
            return null;
        }
        reported = true;
        return new Totals(startedAt, seen, uploaded, duplicates, failed, skipped, pollError);
    }

    private void report(Totals totals) {
        if (totals != null) {
            whenOver.accept(totals); // outside the lock: it writes to the ledger
        }
    }
}
