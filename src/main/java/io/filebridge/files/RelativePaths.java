package io.filebridge.files;

/**
 * The one place that turns an untrusted relative path (a file consumer's name, an S3 key below the consumer's prefix,
 * a name template's result) into a path that stays inside whatever it is resolved against.
 */
public final class RelativePaths {

    private RelativePaths() {
    }

    /**
     * Forward slashes, no empty, "." or ".." segments, no control characters, never absolute: {@code ../../etc/x}
     * becomes {@code etc/x}, {@code /a\b} becomes {@code a/b}. May return an empty string (nothing usable was left).
     */
    public static String clean(String path) {
        if (path == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String segment : path.replace('\\', '/').split("/")) {
            String s = segment.codePoints().filter(c -> !Character.isISOControl(c))
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
            if (s.isBlank() || s.equals(".") || s.equals("..")) {
                continue;
            }
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(s);
        }
        return out.toString();
    }
}
