package io.filebridge.connector;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.filebridge.files.SourceFile;
import org.apache.hc.client5.http.entity.mime.HttpMultipartMode;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;

/**
 * Multipart bodies that stream the file from disk (a {@code FileBody}: known length, so a Content-Length header;
 * repeatable per attempt) instead of loading it, so memory does not grow with file size.
 */
public final class Multipart {

    private Multipart() {
    }

    /**
     * The upload request every upload vendor sends: a POST of the file as the multipart part {@code partName}, asking
     * for JSON (every upload answer is read as JSON). The body is built anew for each attempt, streaming from disk.
     */
    public static HttpCall post(URI uri, Map<String, String> headers, String partName, SourceFile file) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Accept", "application/json");
        all.putAll(headers);
        return HttpCall.post(uri, Map.copyOf(all), () -> addFile(builder(), partName, file).build());
    }

    /** A new builder with a plain {@code multipart/form-data} type (HttpClient would add a charset strict servers refuse). */
    public static MultipartEntityBuilder builder() {
        return MultipartEntityBuilder.create()
                .setMode(HttpMultipartMode.LEGACY)
                .setCharset(StandardCharsets.UTF_8)
                .setContentType(ContentType.create("multipart/form-data"));
    }

    /** Adds the file as a part with its name and MIME type, as browsers do (UTF-8 file name in the header). */
    public static MultipartEntityBuilder addFile(MultipartEntityBuilder builder, String partName, SourceFile file) {
        return builder.addPart(partName, new LargeWriteFileBody(file.path().toFile(),
                ContentType.parse(file.contentType()), headerSafe(file.name()), file.tail()));
    }

    /** Quotes and line breaks would break the Content-Disposition header; everything else, Unicode too, is kept. */
    static String headerSafe(String fileName) {
        StringBuilder safe = new StringBuilder(fileName.length());
        fileName.codePoints().forEach(c -> safe.appendCodePoint(c == '"' || c == '\\' || Character.isISOControl(c)
                ? '_' : c));
        return safe.toString();
    }
}
