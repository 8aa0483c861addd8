package io.filebridge.sandbox.emulator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A header value with parameters, such as {@code multipart/form-data; boundary=x} or
 * {@code form-data; name="file"; filename="a.pdf"}. Parameter names are lower-cased; quoted values are unquoted.
 */
public record HeaderValue(String value, Map<String, String> params) {

    public static HeaderValue parse(String header) {
        int i = header.indexOf(';');
        String value = (i < 0 ? header : header.substring(0, i)).trim();
        Map<String, String> params = new LinkedHashMap<>();
        while (i >= 0 && i < header.length()) {
            i++;
            int eq = header.indexOf('=', i);
            int semicolon = header.indexOf(';', i);
            if (eq < 0 || (semicolon >= 0 && semicolon < eq)) {
                i = semicolon;
                continue;
            }
            String name = header.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            int start = eq + 1;
            while (start < header.length() && header.charAt(start) == ' ') {
                start++;
            }
            StringBuilder paramValue = new StringBuilder();
            i = start < header.length() && header.charAt(start) == '"'
                    ? readQuoted(header, start + 1, paramValue)
                    : readToken(header, start, paramValue);
            params.putIfAbsent(name, paramValue.toString());
        }
        return new HeaderValue(value, Collections.unmodifiableMap(params));
    }

    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name.toLowerCase(Locale.ROOT)));
    }

    public boolean is(String expectedValue) {
        return value.equalsIgnoreCase(expectedValue);
    }

    /**
     * Decodes an RFC 8187 (was 5987) extended value {@code charset'language'percent-encoded}, as used by
     * {@code filename*}.
     */
    public static String decodeExtendedValue(String extended) throws MultipartFormatException {
        int first = extended.indexOf('\'');
        int second = first < 0 ? -1 : extended.indexOf('\'', first + 1);
        if (second < 0) {
            throw new MultipartFormatException("extended value is not charset'lang'value: " + extended);
        }
        Charset charset;
        try {
            charset = Charset.forName(extended.substring(0, first));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new MultipartFormatException("unknown charset in extended value: " + extended);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String encoded = extended.substring(second + 1);
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    throw new MultipartFormatException("truncated percent escape in: " + extended);
                }
                try {
                    bytes.write(Integer.parseInt(encoded.substring(i + 1, i + 3), 16));
                } catch (NumberFormatException e) {
                    throw new MultipartFormatException("bad percent escape in: " + extended);
                }
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(charset);
    }

    /**
     * RFC 7578 says backslash escapes; browsers percent-encode quotes instead and send backslashes as is (Windows
     * paths). Only {@code \"} and {@code \\} are unescaped, so both kinds of sender read back correctly.
     */
    private static int readQuoted(String header, int from, StringBuilder out) {
        int i = from;
        while (i < header.length()) {
            char c = header.charAt(i);
            if (c == '\\' && i + 1 < header.length() && (header.charAt(i + 1) == '"' || header.charAt(i + 1) == '\\')) {
                out.append(header.charAt(i + 1));
                i += 2;
            } else if (c == '"') {
                return header.indexOf(';', i);
            } else {
                out.append(c);
                i++;
            }
        }
        return -1;
    }

    private static int readToken(String header, int from, StringBuilder out) {
        int semicolon = header.indexOf(';', from);
        out.append((semicolon < 0 ? header.substring(from) : header.substring(from, semicolon)).trim());
        return semicolon;
    }
}
