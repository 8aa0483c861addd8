package io.filebridge.ops.logging;

/**
 * Text made safe to print inside one plain-text log line. A file name may hold any character but '/' and NUL, so a
 * name with a line break would otherwise end the line and start a forged one, and an ANSI escape sequence would
 * rewrite what a terminal shows. Every character that can do either is written as an escape instead: {@code \n},
 * {@code \r}, {@code \t}, and {@code \}{@code u001b}-style for the other C0 controls, DEL, the C1 controls (NEL
 * among them) and the Unicode line and paragraph separators. Nothing else changes (a backslash stays as it is, so
 * Windows paths and regular expressions in messages read as before).
 */
final class OneLine {

    private OneLine() {
    }

    static String escape(String text) {
        if (text == null || !needsEscape(text)) {
            return text;
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                default -> {
                    if (breaksLine(c)) {
                        escaped.append(unicodeEscape(c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }

    /** True for the characters {@link #escape} rewrites. */
    static boolean breaksLine(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }

    static String unicodeEscape(char c) {
        return String.format("\\u%04x", (int) c);
    }

    private static boolean needsEscape(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (breaksLine(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
