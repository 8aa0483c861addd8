package io.filebridge.connector.phrase.translation;

/**
 * What one expected output of a job is, per target language: a file or a quality score, and the action whose result
 * endpoint ({@code .../{uid}/{action}/{language}}) serves it. The ledger keeps it in the output row's action type as
 * {@link #ledgerName()}: the action's name ({@code MT_GENERIC_PRETRANSLATE} for its file, {@code QUALITY_ESTIMATION}
 * for the score), except for the translated file that an order of {@code QUALITY_ESTIMATION} without
 * {@code MT_GENERIC_PRETRANSLATE} takes from the QE endpoint: {@code QUALITY_ESTIMATION:file}, a row of its own
 * beside the language's score, so each is delivered (or fails, with its own report) once.
 *
 * @param score true for the QE score ({@code Accept: application/json}), false for a file (octet-stream)
 */
public record OutputKind(ActionType action, boolean score) {

    /** The quality estimation score of a language, written as {@code <output name>.qps.json}. */
    public static final OutputKind QUALITY_SCORE = new OutputKind(ActionType.QUALITY_ESTIMATION, true);

    private static final String FILE_SUFFIX = ":file";
    private static final String SCORE_SUFFIX = ".qps.json";
    private static final String REPORT_SUFFIX = ".error.json";

    public OutputKind {
        if (score && action != ActionType.QUALITY_ESTIMATION) {
            throw new IllegalArgumentException("only QUALITY_ESTIMATION has a score, not " + action);
        }
    }

    public static OutputKind file(ActionType action) {
        return new OutputKind(action, false);
    }

    /** The kind a ledger output row's action type names (see {@link #ledgerName()}). */
    public static OutputKind ofLedger(String actionType) {
        if (actionType.endsWith(FILE_SUFFIX)) {
            return file(ActionType.parse(actionType.substring(0, actionType.length() - FILE_SUFFIX.length())));
        }
        ActionType action = ActionType.parse(actionType);
        return action == ActionType.QUALITY_ESTIMATION ? QUALITY_SCORE : file(action);
    }

    public String ledgerName() {
        return action == ActionType.QUALITY_ESTIMATION && !score ? action.name() + FILE_SUFFIX : action.name();
    }

    /** Its name in the target, from the language's output name: the file's is that name, the score's beside it. */
    public String outputName(String languageOutputName) {
        return score ? languageOutputName + SCORE_SUFFIX : languageOutputName;
    }

    /**
     * Where its failure report goes: beside what it stands for ({@code <output>.error.json} for a file,
     * {@code <output>.qps.json.error.json} for a score), so a failed score never hides a good file's report.
     */
    public String reportName(String languageOutputName) {
        return outputName(languageOutputName) + REPORT_SUFFIX;
    }
}
