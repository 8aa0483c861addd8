package io.filebridge.ledger;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A file just picked up by a pipeline, before it has a ledger row.
 *
 * <p>The checksum is checked here rather than truncated like other text: a cut or malformed sha256 would silently
 * break duplicate detection. It is stored lower-case so that twins match whatever case the caller used.
 */
public record NewFile(String pipeline, String vendor, String fileName, String relativePath, long sizeBytes, String sha256) {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    public NewFile {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(relativePath, "relativePath");
        Objects.requireNonNull(sha256, "sha256");
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes must not be negative: " + sizeBytes);
        }
        if (!SHA256_HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 hex digits: " + sha256);
        }
        sha256 = sha256.toLowerCase(Locale.ROOT);
    }
}
