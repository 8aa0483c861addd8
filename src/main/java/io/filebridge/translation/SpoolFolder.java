package io.filebridge.translation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's spool folder ({@code <spool-dir>/<ledger id>/}), which holds the original while its job runs, and a failed
 * job's original until it is retried. Removing it is best effort: a leftover folder wastes space but loses nothing.
 */
public final class SpoolFolder {

    private static final Logger log = LoggerFactory.getLogger(SpoolFolder.class);

    private SpoolFolder() {
    }

    /** Removes the folder of this spooled original, with everything in it. */
    public static void delete(Path spooledOriginal) {
        Path folder = spooledOriginal.toAbsolutePath().getParent();
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        try (var files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("Could not clean the spool folder {}: {}", folder, e.toString());
        }
    }
}
