package io.filebridge.files;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;

/**
 * An input file as the vendor step sees it: where it is on disk, how the pipeline names it, and its fingerprint.
 * Computing the SHA-256 streams the file once ({@link FileSha256}); nothing here holds its content in memory.
 *
 * @param relativePath the path below the intake root, with forward slashes ("sub dir/report.pdf")
 * @param tail         null, or what the upload's last bytes wait for ({@link TailGate})
 */
public record SourceFile(Path path, String name, String relativePath, long size, String sha256, String contentType,
        TailGate tail) {

    /** A file whose upload completes as soon as its body is written. */
    public SourceFile(Path path, String name, String relativePath, long size, String sha256, String contentType) {
        this(path, name, relativePath, size, sha256, contentType, null);
    }

    /**
     * The file before its hash is known ({@code sha256} null), sent with its last bytes held back by {@code tail}
     * (see {@link TailGate}).
     */
    public static SourceFile unhashed(Path path, String name, String relativePath, long size, TailGate tail) {
        return new SourceFile(path, name, relativePath.replace('\\', '/'), size, null, contentTypeOf(name), tail);
    }

    public static SourceFile read(Path path, String name, String relativePath) throws IOException {
        return of(path, name, relativePath, FileSha256.of(path));
    }

    static SourceFile of(Path path, String name, String relativePath, FileSha256.Result hashed) {
        return new SourceFile(path, name, relativePath.replace('\\', '/'), hashed.size(), hashed.sha256(),
                contentTypeOf(name));
    }

    /**
     * IANA types for common extensions that Spring's table lacks or maps to something else (it calls {@code .stl} a
     * certificate trust list and {@code .obj} a drawing): manufacturing data, Markdown, YAML.
     */
    private static final Map<String, String> MORE_TYPES = Map.of(
            "stl", "model/stl", "obj", "model/obj", "step", "model/step", "stp", "model/step", "3mf", "model/3mf",
            "md", "text/markdown", "markdown", "text/markdown", "yaml", "application/yaml", "yml", "application/yaml");

    /** The MIME type by file extension (vendors file data by it); unknown types travel as octet-stream. */
    public static String contentTypeOf(String name) {
        int dot = name.lastIndexOf('.');
        String more = dot < 0 ? null : MORE_TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        return more != null ? more
                : MediaTypeFactory.getMediaType(name).orElse(MediaType.APPLICATION_OCTET_STREAM).toString();
    }
}
