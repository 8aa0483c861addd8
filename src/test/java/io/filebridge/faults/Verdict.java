package io.filebridge.faults;

import java.util.List;

/**
 * How one pipeline came out of one fault run, judged from the vendors' records, the folders and the ledger. Every
 * count is of inputs, except {@code extraUploads} (uploads beyond the first), {@code inFlightBound} (uploads in flight
 * at the kills), {@code partialOutputs} (files) and {@code outputsWrong} (outputs).
 */
record Verdict(String scenario, String database, long seed, int runs, int kills, int files, int lost, int stuck,
        int extraUploads, int inFlightBound, int unflagged, int partialOutputs, int untruthful, int outputsWrong,
        List<String> details) {

    /** Nothing lost, stuck, partial, wrong or untruthful; extra uploads within the bound and every one flagged. */
    boolean holds() {
        return lost == 0 && stuck == 0 && extraUploads <= inFlightBound && unflagged == 0 && partialOutputs == 0
                && untruthful == 0 && outputsWrong == 0;
    }

    /** The summary line, then each finding. */
    String describe() {
        return scenario + " on " + database + " (seed " + seed + "): " + (holds() ? "promises held" : "BROKEN")
                + (details.isEmpty() ? "" : "\n    " + String.join("\n    ", details));
    }
}
