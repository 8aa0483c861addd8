package io.filebridge.sandbox.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Contract checks every upload vendor shares: a {@code multipart/form-data} body with exactly one file part, its
 * Content-Type that of the file extension, well-formed Authorization headers. Each problem becomes a violation of
 * the request ({@link EmulatorRequest#violation}); the vendor decides what to answer.
 */
public final class UploadChecks {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * MIME types by extension, kept here independently of the product's own table, so that a wrong type (or
     * octet-stream for a well-known type) in the product shows up as a violation.
     */
    private static final Map<String, String> KNOWN_MIME_TYPES = Map.ofEntries(
            Map.entry("pdf", "application/pdf"), Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"),
            Map.entry("tif", "image/tiff"), Map.entry("tiff", "image/tiff"), Map.entry("svg", "image/svg+xml"),
            Map.entry("csv", "text/csv"), Map.entry("txt", "text/plain"), Map.entry("log", "text/plain"),
            Map.entry("html", "text/html"), Map.entry("json", "application/json"), Map.entry("xml", "application/xml"),
            Map.entry("zip", "application/zip"), Map.entry("mp4", "video/mp4"), Map.entry("stl", "model/stl"),
            Map.entry("step", "model/step"), Map.entry("md", "text/markdown"),
            Map.entry("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));

    private UploadChecks() {
    }

    /** What the body offered under the file part's name, as vendors tell "missing" from "not a file". */
    public enum FileField { MISSING, TEXT, FILE }

    /** The file part, when the body has exactly one part; {@code field} says what was found under the name. */
    public record FilePart(FileField field, Optional<MultipartPart> part) {
    }

    /** The MIME type a client must send for this file name, when its extension is a well-known one. */
    public static Optional<String> expectedMimeType(String fileName) {
        int dot = fileName == null ? -1 : fileName.lastIndexOf('.');
        return dot < 0 ? Optional.empty()
                : Optional.ofNullable(KNOWN_MIME_TYPES.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT)));
    }

    /**
     * Reads a {@code multipart/form-data} body (without a charset parameter) that must hold exactly one part: a file
     * part named {@code partName} with a file name and the Content-Type of its extension. Problems become violations;
     * the part is returned when the body has exactly one, and the request remembers it as its upload
     * ({@link EmulatorRequest#upload()}), which file-name markers and size limits look at.
     */
    public static FilePart singleFilePart(EmulatorRequest request, String partName) throws IOException {
        Optional<String> boundary = checkMultipartContentType(request);
        if (boundary.isEmpty()) {
            return new FilePart(FileField.MISSING, Optional.empty());
        }
        List<MultipartPart> parts;
        try {
            parts = request.multipart(boundary.get());
        } catch (MultipartFormatException e) {
            request.violation("malformed multipart body: " + e.getMessage());
            return new FilePart(FileField.MISSING, Optional.empty());
        }
        if (parts.size() != 1) {
            request.violation("expected exactly one part (named \"" + partName + "\"), got " + parts.size() + ": "
                    + parts);
        }
        FileField field = parts.stream().filter(p -> partName.equals(p.name())).findFirst()
                .map(p -> p.filename() == null || p.filename().isEmpty() ? FileField.TEXT : FileField.FILE)
                .orElse(FileField.MISSING);
        if (parts.isEmpty()) {
            return new FilePart(field, Optional.empty());
        }
        MultipartPart part = parts.get(0);
        if (!"form-data".equalsIgnoreCase(part.disposition())) {
            request.violation("part has Content-Disposition " + part.disposition() + ", expected form-data");
        }
        if (!partName.equals(part.name())) {
            request.violation("part is named " + quoted(part.name()) + ", expected \"" + partName + "\"");
        }
        if (part.filename() == null || part.filename().isEmpty()) {
            request.violation("part " + quoted(part.name()) + " has no filename (the vendor needs a file object)");
        }
        if (part.contentType() == null) {
            request.violation("part " + quoted(part.name()) + " has no Content-Type");
        }
        checkMimeTypeMatchesExtension(request, part);
        if (parts.size() != 1) {
            return new FilePart(field, Optional.empty());
        }
        request.upload(part);
        return new FilePart(field, Optional.of(part));
    }

    /** The part's Content-Type must be the file extension's MIME type (vendors file data by it), not octet-stream. */
    public static void checkMimeTypeMatchesExtension(EmulatorRequest request, MultipartPart part) {
        if (part.contentType() == null || part.filename() == null) {
            return;
        }
        Optional<String> expected = expectedMimeType(part.filename());
        String actual = HeaderValue.parse(part.contentType()).value();
        if (expected.isPresent() && !expected.get().equalsIgnoreCase(actual)) {
            request.violation("part " + quoted(part.name()) + " of " + quoted(part.filename()) + " has Content-Type "
                    + part.contentType() + ", expected " + expected.get());
        }
    }

    public static Optional<String> checkMultipartContentType(EmulatorRequest request) {
        Optional<String> header = request.header("Content-Type");
        if (header.isEmpty()) {
            request.violation("no Content-Type (expected multipart/form-data; boundary=...)");
            return Optional.empty();
        }
        HeaderValue contentType = HeaderValue.parse(header.get());
        if (!contentType.is("multipart/form-data")) {
            request.violation("Content-Type is " + header.get() + ", expected multipart/form-data; boundary=...");
            return Optional.empty();
        }
        if (contentType.param("charset").isPresent()) {
            request.violation("Content-Type carries a charset parameter (" + header.get()
                    + "); send multipart/form-data; boundary=... only");
        }
        Optional<String> boundary = contentType.param("boundary");
        if (boundary.isEmpty()) {
            request.violation("Content-Type has no boundary parameter: " + header.get());
        }
        return boundary;
    }

    /**
     * The single Authorization header, or empty with a violation when there is none ({@code expected} names the
     * vendor's scheme in the message) or more than one.
     */
    public static Optional<String> singleAuthorization(EmulatorRequest request, String expected) {
        List<String> values = request.headers("Authorization");
        if (values.size() != 1) {
            request.violation(values.isEmpty() ? "no Authorization header (" + expected + ")"
                    : "more than one Authorization header");
            return Optional.empty();
        }
        return Optional.of(values.get(0));
    }

    /** The Bearer credential of an Authorization header; another scheme is a violation. */
    public static Optional<String> bearer(EmulatorRequest request, String header) {
        if (!hasScheme(header, "Bearer")) {
            request.violation("Authorization scheme is not Bearer: " + header.split(" ", 2)[0]);
            return Optional.empty();
        }
        return Optional.of(header.substring("Bearer ".length()).trim());
    }

    /** True when an Authorization header uses this scheme (case-insensitive, followed by a space). */
    public static boolean hasScheme(String header, String scheme) {
        return header.regionMatches(true, 0, scheme + " ", 0, scheme.length() + 1);
    }

    /** {user, password} of a Basic header; a Basic header that does not decode is a violation. */
    public static Optional<String[]> basicCredentials(EmulatorRequest request, String header) {
        if (!hasScheme(header, "Basic")) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring("Basic ".length()).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            request.violation("Basic credentials are not valid base64");
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            request.violation("Basic credentials have no ':' between user and password");
            return Optional.empty();
        }
        return Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
    }

    public static String quoted(String value) {
        return value == null ? "(none)" : "\"" + value + "\"";
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
