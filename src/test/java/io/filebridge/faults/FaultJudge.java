package io.filebridge.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.filebridge.faults.LedgerRows.Row;

/**
 * Judges every input of one pipeline after a fault run against independent records: where it is on disk (or in
 * the bucket), what the vendor received and issued, and the ledger read straight from its database.
 *
 * <ul>
 *   <li>lost: in neither the archive nor the failed place (with its report), and not in the intake; a translation
 *       whose outputs never arrived while nothing in the ledger is still working on it is lost too;</li>
 *   <li>stuck: still in the intake, or its ledger row not final (COMPLETED, FAILED, DUPLICATE);</li>
 *   <li>extra uploads: uploads (or submissions) of its content at the vendor beyond the first; unflagged when its
 *       rows' {@code reuploads} is below that;</li>
 *   <li>untruthful: not exactly one row of its own (rows marked DUPLICATE of one of its own rows do not count), or
 *       that row COMPLETED with a vendor id the vendor never issued for this content, or FAILED without a report,
 *       or its receipt pointing at another row or at a row that is not COMPLETED.</li>
 * </ul>
 */
final class FaultJudge {

    private static final int EXAMPLES = 8;

    private FaultJudge() {
    }

    static Verdict judge(FaultPipeline pipeline, List<Input> inputs, List<Row> ledger, int inFlightBound,
            String database, long seed, int runs, int kills) {
        pipeline.refresh();
        Map<String, List<String>> issued = pipeline.issuedIds();
        Map<String, List<Row>> rowsByInput = ledger.stream().filter(r -> r.pipeline().equals(pipeline.routeId()))
                .collect(Collectors.groupingBy(r -> r.relativePath() + "\n" + r.sha256()));
        Findings lost = new Findings("lost");
        Findings stuck = new Findings("stuck");
        Findings unflagged = new Findings("extra upload not flagged");
        Findings untruthful = new Findings("ledger row untruthful");
        Findings wrongOutputs = new Findings("output wrong");
        Map<String, Integer> untruthfulReasons = new LinkedHashMap<>();
        int extra = 0;
        for (Input input : inputs) {
            List<Row> rows = rowsByInput.getOrDefault(input.relativePath() + "\n" + input.sha256(), List.of());
            Set<Long> ids = rows.stream().map(Row::id).collect(Collectors.toSet());
            List<Row> own = rows.stream().filter(r -> !(r.state().equals("DUPLICATE") && r.duplicateOf() != null
                    && ids.contains(r.duplicateOf()))).toList();
            Row primary = own.isEmpty() ? null : own.get(own.size() - 1);
            boolean inIntake = pipeline.inIntake(input);
            boolean archived = pipeline.archived(input);
            boolean failed = pipeline.failedWithReport(input);
            boolean working = primary != null && !primary.finalState();

            if (!inIntake && !archived && !failed) {
                lost.add(input, "in neither archive nor failed place with a report"
                        + (pipeline.failedCopy(input) ? " (a failed copy without a report)" : "") + "; rows "
                        + states(rows));
            } else if (archived && !pipeline.outputsSettled(input) && !working) {
                lost.add(input, "archived, outputs never arrived, nothing pending in the ledger; rows "
                        + states(rows));
            } else if (inIntake || working) {
                stuck.add(input, (inIntake ? "still in the intake; " : "") + "rows " + states(rows));
            }

            List<String> vendorIds = issued.getOrDefault(input.sha256(), List.of());
            int extraHere = Math.max(0, vendorIds.size() - 1);
            extra += extraHere;
            int flagged = own.stream().mapToInt(Row::reuploads).sum();
            if (extraHere > flagged) {
                unflagged.add(input, vendorIds.size() + " uploads at the vendor, reuploads " + flagged + "; rows "
                        + states(rows));
            }

            List<String> reasons = untruthfulReasons(pipeline, input, own, primary, vendorIds, failed, archived);
            if (!reasons.isEmpty()) {
                untruthful.add(input, String.join("; ", reasons) + "; rows " + states(rows));
                reasons.forEach(reason -> untruthfulReasons.merge(reason.replaceAll("[0-9]+", "N"), 1,
                        Integer::sum));
            }
            if (archived && primary != null && primary.state().equals("COMPLETED")
                    && !Files.exists(pipeline.receipt(input))) {
                wrongOutputs.add(input, "archived and COMPLETED, but no receipt");
            }
        }
        List<String> outputProblems = pipeline.outputProblems(inputs);
        outputProblems.forEach(wrongOutputs::add);
        List<String> partial = pipeline.partialOutputs();

        List<String> details = new ArrayList<>();
        for (Findings findings : List.of(lost, stuck, unflagged, untruthful, wrongOutputs)) {
            findings.describeInto(details);
        }
        if (!untruthfulReasons.isEmpty()) {
            details.add("untruthful rows by reason: " + untruthfulReasons);
        }
        if (extra > inFlightBound) {
            details.add("extra uploads " + extra + " > " + inFlightBound + " uploads in flight at the kills");
        }
        partial.stream().limit(EXAMPLES).forEach(p -> details.add("partial output: " + p));
        return new Verdict(pipeline.name(), database, seed, runs, kills, inputs.size(), lost.count(), stuck.count(),
                extra, inFlightBound, unflagged.count(), partial.size(), untruthful.count(), wrongOutputs.count(),
                details);
    }

    private static List<String> untruthfulReasons(FaultPipeline pipeline, Input input, List<Row> own, Row primary,
            List<String> vendorIds, boolean failedWithReport, boolean archived) {
        List<String> reasons = new ArrayList<>();
        if (own.isEmpty()) {
            reasons.add("no ledger row");
            return reasons;
        }
        if (own.size() > 1) {
            reasons.add(own.size() + " rows of its own");
        }
        switch (primary.state()) {
            case "COMPLETED" -> {
                if (!vendorIds.contains(primary.vendorId())) {
                    reasons.add("COMPLETED with a vendor id the vendor never issued for this content");
                }
                if (!archived) {
                    reasons.add("COMPLETED while the input is not archived");
                }
            }
            case "FAILED" -> {
                if (!failedWithReport && !pipeline.hasOtherFailureReport(input)) {
                    reasons.add("FAILED without a report");
                }
            }
            case "DUPLICATE" -> reasons.add("DUPLICATE of a row that is not its own");
            default -> { } // not final: counted as stuck
        }
        Path receipt = pipeline.receipt(input);
        if (Files.exists(receipt)) {
            JsonNode json = readJson(receipt);
            if (json != null) {
                long ledgerId = json.path("ledgerId").asLong(-1);
                if (ledgerId != primary.id() || !primary.state().equals("COMPLETED")) {
                    reasons.add("receipt points at row " + ledgerId + ", not at its COMPLETED row");
                }
            }
        }
        return reasons;
    }

    private static JsonNode readJson(Path file) {
        try {
            return FaultPipeline.JSON.readTree(file.toFile());
        } catch (IOException e) {
            return null; // counted as a partial output
        }
    }

    private static String states(List<Row> rows) {
        return rows.stream().map(r -> r.id() + ":" + r.state() + (r.duplicateOf() == null ? "" : "->"
                + r.duplicateOf())).toList().toString();
    }

    /** Inputs found with one kind of problem, with the first few as examples. */
    private static final class Findings {
        private final String kind;
        private final List<String> examples = new ArrayList<>();
        private final Map<String, Boolean> inputs = new HashMap<>();
        private int count;

        Findings(String kind) {
            this.kind = kind;
        }

        void add(Input input, String why) {
            if (inputs.putIfAbsent(input.toString(), true) == null) {
                count++;
                if (examples.size() < EXAMPLES) {
                    examples.add(input + ": " + why);
                }
            }
        }

        void add(String problem) {
            count++;
            if (examples.size() < EXAMPLES) {
                examples.add(problem);
            }
        }

        int count() {
            return count;
        }

        void describeInto(List<String> details) {
            if (count > 0) {
                details.add(kind + ": " + count + (count > examples.size() ? " (first " + examples.size() + ")"
                        : ""));
                examples.forEach(example -> details.add("  " + example));
            }
        }
    }
}
