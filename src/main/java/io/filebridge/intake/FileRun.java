package io.filebridge.intake;

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

    private final SourceHooks source;
    private volatile FileIntakeStep.FileWork work;

    private FileRun(SourceHooks source) {
        this.source = source;
    }

    /** The run of this exchange, created by the intake; empty for exchanges no filebridge intake started. */
    public static Optional<FileRun> of(Exchange exchange) {
        return Optional.ofNullable(exchange.getProperty(PROPERTY, FileRun.class));
    }

    /** Starts a run for the exchange's input; called by the intake before any step runs. */
    public static FileRun start(Exchange exchange) {
        return start(exchange, SourceHooks.NONE);
    }

    /** Starts a run whose source wants to hear when the vendor step took the input and when the vendor has it. */
    public static FileRun start(Exchange exchange, SourceHooks source) {
        FileRun run = new FileRun(source);
        exchange.setProperty(PROPERTY, run);
        return run;
    }

    /** The vendor step took the input into ledger file {@code fileId}. */
    static void received(Exchange exchange, long fileId) {
        of(exchange).ifPresent(run -> run.source.received(fileId));
    }

    /** The vendor has the input (uploaded, submitted, or recognised as a content duplicate). */
    static void handled(Exchange exchange) {
        of(exchange).ifPresent(run -> run.source.handled());
    }

    void attach(FileIntakeStep.FileWork work) {
        this.work = work;
    }

    /** What the vendor step knows of the input, once it started on it. */
    Optional<FileIntakeStep.FileWork> work() {
        return Optional.ofNullable(work);
    }

    /**
     * What a source that keeps its own record of an input (the S3 intake's claim) needs to hear from the vendor step;
     * the hot folder keeps none.
     */
    public interface SourceHooks {

        SourceHooks NONE = new SourceHooks() {
        };

        /** The vendor step took the input into ledger file {@code fileId} (recorded if it goes wrong later). */
        default void received(long fileId) {
        }

        /** The vendor has the input: record it done now, not only when the exchange completes. */
        default void handled() {
        }
    }
}
