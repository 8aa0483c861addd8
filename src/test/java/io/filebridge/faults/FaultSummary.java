package io.filebridge.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The suite's summary table: one line per scenario and database. Each fault IT adds its verdicts and prints the table
 * so far; the lines are also appended to {@code target/faults/summary.txt}, so a run of several classes leaves one
 * table behind.
 */
final class FaultSummary {

    private static final String[] HEADER = {"scenario", "db", "seed", "runs", "kills", "files", "lost", "stuck",
        "extra uploads (bound)", "unflagged", "partial outputs", "rows untruthful", "outputs wrong"};
    private static final List<Verdict> VERDICTS = new ArrayList<>();
    private static final Path FILE = Path.of("target", "faults", "summary.txt");

    private FaultSummary() {
    }

    static synchronized void add(Verdict verdict) {
        VERDICTS.add(verdict);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, line(verdict) + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The table of every verdict this JVM has seen. */
    static synchronized String table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        VERDICTS.forEach(v -> rows.add(cells(v)));
        int[] widths = new int[HEADER.length];
        rows.forEach(r -> {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        });
        StringBuilder table = new StringBuilder();
        for (int row = 0; row < rows.size(); row++) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < HEADER.length; i++) {
                line.append(i == 0 ? "| " : " | ").append(String.format("%-" + widths[i] + "s", rows.get(row)[i]));
            }
            table.append(line).append(" |\n");
            if (row == 0) {
                StringBuilder rule = new StringBuilder();
                for (int width : widths) {
                    rule.append("|-").append("-".repeat(width)).append('-');
                }
                table.append(rule).append("|\n");
            }
        }
        return table.toString();
    }

    static void print(String title) {
        System.out.println("\n=== fault suite: " + title + " ===\n" + table());
    }

    private static String line(Verdict v) {
        return String.join(" | ", cells(v));
    }

    private static String[] cells(Verdict v) {
        return new String[] {v.scenario(), v.database(), Long.toString(v.seed()), Integer.toString(v.runs()),
            Integer.toString(v.kills()), Integer.toString(v.files()), Integer.toString(v.lost()),
            Integer.toString(v.stuck()), v.extraUploads() + " (" + v.inFlightBound() + ")",
            Integer.toString(v.unflagged()), Integer.toString(v.partialOutputs()), Integer.toString(v.untruthful()),
            Integer.toString(v.outputsWrong())};
    }
}
