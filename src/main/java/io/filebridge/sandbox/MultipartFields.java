package io.filebridge.sandbox;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.util.StringUtils;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.util.WebUtils;

/** Reads multipart form fields the way the vendors' servers tell "missing" from "not a file". */
public final class MultipartFields {

    private static final int DIGEST_BUFFER = 64 * 1024;

    private MultipartFields() {
    }

    public enum Kind { MISSING, TEXT, FILE }

    /** {@code file} is set only for {@link Kind#FILE}. */
    public record Field(Kind kind, MultipartFile file) {
    }

    public record FileDigest(long size, String sha256) {
    }

    /**
     * A file part with an empty file name counts as missing: that is what a browser sends when no file was chosen,
     * and what the Django/DRF style servers behind these APIs ignore.
     */
    public static Field lookup(HttpServletRequest request, String name) {
        MultipartHttpServletRequest multipart = WebUtils.getNativeRequest(request, MultipartHttpServletRequest.class);
        if (multipart == null) {
            return new Field(Kind.MISSING, null);
        }
        MultipartFile file = multipart.getFile(name);
        if (file != null && StringUtils.hasLength(file.getOriginalFilename())) {
            return new Field(Kind.FILE, file);
        }
        if (multipart.getParameter(name) != null) {
            return new Field(Kind.TEXT, null);
        }
        return new Field(Kind.MISSING, null);
    }

    /** Streams the part (from Spring's temp file for large uploads), so memory does not grow with file size. */
    public static FileDigest sha256(MultipartFile file) throws IOException {
        MessageDigest digest = sha256Digest();
        long size = 0;
        byte[] buffer = new byte[DIGEST_BUFFER];
        try (InputStream in = file.getInputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
                size += n;
            }
        }
        return new FileDigest(size, HexFormat.of().formatHex(digest.digest()));
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
