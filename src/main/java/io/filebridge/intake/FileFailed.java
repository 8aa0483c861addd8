package io.filebridge.intake;


/** Ends a file's exchange as failed and carries the report written next to it in the failed folder. */
public class FileFailed extends Exception {

    private final transient FailureReport report;

    public FileFailed(FailureReport report, Throwable cause) {
        super(report.error(), cause);
        this.report = report;
    }

    public FailureReport report() {
        return report;
    }
}
