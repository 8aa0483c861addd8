package io.filebridge.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the suite knows about one pipeline of the application under test, from the outside: how to feed it, where an
 * input ends up (intake, archive, failed place with its report, receipt, outputs) and what the vendor issued for a
 * content. Nothing here asks the application.
 */
abstract class FaultPipeline {

    static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final String routeId;
    private final String routeFile;

    FaultPipeline(String name, String routeId, String routeFile) {
        this.name = name;
        this.routeId = routeId;
        this.routeFile = routeFile;
    }

    /** "uploads", "translations" or "s3", as in the summary. */
    String name() {
        return name;
    }

    /** The route id: the pipeline name in the ledger. */
    String routeId() {
        return routeId;
    }

    /** The routes file under src/test/resources/faults/routes/. */
    String routeFile() {
        return routeFile;
    }

    /** Hands a file over the way a well-behaved writer does: complete, in one atomic step. */
    abstract void drop(Input input) throws IOException;

    /** Takes a fresh look at listings that are expensive to read per input (S3). */
    void refresh() {
    }

    abstract boolean inIntake(Input input);

    abstract boolean archived(Input input);

    /** The failed copy and its error report are both there. */
    abstract boolean failedWithReport(Input input);

    /** A copy in the failed place, with or without its report. */
    abstract boolean failedCopy(Input input);

    abstract Path receipt(Input input);

    /** Vendor ids the vendor issued per content (SHA-256), one per upload or submission it accepted. */
    abstract Map<String, List<String>> issuedIds();

    /** True once the input reached its end from the outside: out of the intake, archived or failed. */
    boolean settled(Input input) {
        return !inIntake(input) && (archived(input) || failedWithReport(input)) && outputsSettled(input);
    }

    /** For pipelines with outputs besides the receipt: every output (or its failure report) arrived. */
    boolean outputsSettled(Input input) {
        return true;
    }

    /** A FAILED row's report besides the failed copy's (translations: a report per failed language). */
    boolean hasOtherFailureReport(Input input) {
        return false;
    }

    /** Problems with outputs besides receipts (missing, duplicated, wrong bytes), one line each. */
    List<String> outputProblems(List<Input> inputs) {
        return List.of();
    }

    /** Folders whose files must never be partial: outboxes and failed folders. */
    abstract List<Path> writtenFolders();

    /** Partial outputs: leftover temporary files, and JSON documents (receipts, reports) that do not parse. */
    List<String> partialOutputs() {
        List<String> partial = new ArrayList<>();
        for (Path folder : writtenFolders()) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(folder)) {
                files.filter(Files::isRegularFile).forEach(file -> {
                    String fileName = file.getFileName().toString();
                    if (fileName.startsWith(".tmp-") || fileName.startsWith(".") && fileName.endsWith(".tmp")) {
                        partial.add("temporary file left: " + file);
                    } else if (fileName.endsWith(".receipt.json") || fileName.endsWith(".error.json")) {
                        if (!completeJson(file)) {
                            partial.add("not complete JSON: " + file);
                        }
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return partial;
    }

    static boolean completeJson(Path file) {
        try {
            return JSON.readTree(file.toFile()).isObject();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
