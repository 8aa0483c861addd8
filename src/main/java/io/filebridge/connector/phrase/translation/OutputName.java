package io.filebridge.connector.phrase.translation;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names translated outputs from a template such as {@code {lang}/{path}}. Placeholders: {@code {lang}} (after the
 * locale map), {@code {path}} (the input's relative path with subfolders), {@code {dir}} (its folder, empty at the
 * top), {@code {name}} (file name), {@code {basename}} (name without extension), {@code {ext}} (extension without
 * the dot). The result is always a relative path inside the target: the input path is untrusted, so {@code ..},
 * absolute paths, backslashes and control characters can never lead outside it.
 */
public final class OutputName {

    public static final String DEFAULT_TEMPLATE = "{lang}/{path}";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");
    private static final java.util.Set<String> KNOWN = java.util.Set.of("lang", "path", "dir", "name", "basename",
            "ext");

    private final String template;
    private final Map<String, String> localeMap;

    public OutputName(String template, Map<String, String> localeMap) {
        this.template = template == null || template.isBlank() ? DEFAULT_TEMPLATE : template.trim();
        this.localeMap = Map.copyOf(localeMap);
        Matcher m = PLACEHOLDER.matcher(this.template);
        while (m.find()) {
            if (!KNOWN.contains(m.group(1))) {
                throw new IllegalArgumentException("outputName '" + this.template + "' has an unknown placeholder {"
                        + m.group(1) + "} (known: {lang} {path} {dir} {name} {basename} {ext})");
            }
        }
        if (!this.template.contains("{lang}")) {
            throw new IllegalArgumentException("outputName '" + this.template
                    + "' must contain {lang}, or every language would be written to the same file");
        }
    }

    /**
     * Parses {@code cs:cs-CZ,zh_tw:zh-Hant} into a map from Phrase code to the name used in output paths.
     */
    public static Map<String, String> parseLocaleMap(String raw) {
        var map = new java.util.LinkedHashMap<String, String>();
        if (raw == null || raw.isBlank()) {
            return map;
        }
        for (String pair : raw.split(",")) {
            String[] kv = pair.split(":", 2);
            if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank() || !safeSegment(kv[1].trim())) {
                throw new IllegalArgumentException("localeMap entry '" + pair.trim()
                        + "' is not code:name (e.g. cs:cs-CZ); names may not contain / \\ or ..");
            }
            map.put(LanguageCode.parse(kv[0]).code(), kv[1].trim());
        }
        return map;
    }

    public String resolve(String relativePath, LanguageCode language) {
        String path = clean(relativePath);
        int slash = path.lastIndexOf('/');
        String dir = slash < 0 ? "" : path.substring(0, slash);
        String name = slash < 0 ? path : path.substring(slash + 1);
        int dot = name.lastIndexOf('.');
        String basename = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot + 1) : "";
        Map<String, String> values = Map.of("lang", localeMap.getOrDefault(language.code(), language.code()),
                "path", path, "dir", dir, "name", name, "basename", basename, "ext", ext);
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.get(m.group(1))));
        }
        m.appendTail(out);
        String resolved = clean(out.toString());
        if (resolved.isEmpty()) {
            throw new IllegalArgumentException("outputName '" + template + "' gives an empty name for " + path);
        }
        return resolved;
    }

    /** Forward slashes, no empty, "." or ".." segments, no control characters, never absolute. */
    static String clean(String path) {
        return io.filebridge.files.RelativePaths.clean(path);
    }

    private static boolean safeSegment(String name) {
        return !name.contains("/") && !name.contains("\\") && !name.equals("..") && !name.equals(".");
    }
}
