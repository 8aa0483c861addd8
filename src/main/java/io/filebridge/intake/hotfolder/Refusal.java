package io.filebridge.intake.hotfolder;

import java.nio.file.Path;

/**
 * Why an inbox entry is refused without being opened, and what to do with it.
 *
 * @param reason   the metric tag: {@code link}, {@code special} or {@code name}
 * @param error    what is wrong and what to do, for the report, the ledger and the log
 * @param entry    the entry itself, addressable even when its name cannot be decoded (moved, never followed)
 * @param safeName the entry's relative path with every character the ledger, reports and logs cannot carry replaced
 */
record Refusal(String reason, String error, Path entry, String safeName) {
}
