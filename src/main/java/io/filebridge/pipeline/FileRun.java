package io.filebridge.pipeline;

import java.util.Optional;

import org.apache.camel.Exchange;

/**
 * One input's run through its pipeline, shared between the intake (the hot folder's process strategy, the S3 guard)
 * and the vendor step. A Kamelet works on a correlated copy of the exchange that completes before the route's later
 * steps (such as writing the receipt) run, so only the intake sees how the whole run ended; the copy shares exchange
 * properties by reference, so the vendor step leaves what it learned here for the intake to act on.
 */
public final class FileRun {

    /** Exchange property holding the run. */
    public static final String PROPERTY = "FilebridgeFileRun";

    private volatile FileIntakeStep.FileWork work;

    /** The run of this exchange, created by the intake; empty for exchanges no filebridge intake started. */
    public static Optional<FileRun> of(Exchange exchange) {
        return Optional.ofNullable(exchange.getProperty(PROPERTY, FileRun.class));
    }

    /** Starts a run for the exchange's input; called by the intake before any step runs. */
    public static FileRun start(Exchange exchange) {
        FileRun run = new FileRun();
        exchange.setProperty(PROPERTY, run);
        return run;
    }

    void attach(FileIntakeStep.FileWork work) {
        this.work = work;
    }

    /** What the vendor step knows of the input, once it started on it. */
    Optional<FileIntakeStep.FileWork> work() {
        return Optional.ofNullable(work);
    }
}
