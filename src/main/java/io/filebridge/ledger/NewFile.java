package io.filebridge.ledger;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A file just picked up by a pipeline, before it has a ledger row.
 *
 * <p>The checksum is checked here rather than truncated like other text: a cut or malformed sha256 would silently
 * break duplicate detection. It is stored lower-case so that twins match whatever case the caller used.
 *
 * @param sourceKey the input's identity in the hot folder when it was taken (file key and times), or null; see
 *                  {@code fb_file.source_key} in V8__crash_recovery.sql
 */
public record NewFile(String pipeline, String vendor, String fileName, String relativePath, long sizeBytes,
        String sha256, String sourceKey) {

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

    /** A file without a known identity in its intake (S3 objects, tests). */
    public NewFile(String pipeline, String vendor, String fileName, String relativePath, long sizeBytes,
            String sha256) {
        this(pipeline, vendor, fileName, relativePath, sizeBytes, sha256, null);
    }
}
