package io.filebridge.connector.phrase.translation;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Phrase Language AI language code: a lower-case ISO 639-1 language, optionally followed by an underscore and a
 * region, either a lower-case ISO 3166-1 alpha-2 country ({@code cs_cz}) or a UN M.49 three-digit area
 * ({@code es_419}). Checked against the JDK's ISO tables so a typo ("cz", "en_uk") is caught when the pipeline starts,
 * not when the vendor refuses a file hours later.
 */
public record LanguageCode(String code) {

    private static final Pattern SHAPE = Pattern.compile("([a-z]{2})(?:_([a-z]{2}|[0-9]{3}))?");
    private static final Set<String> LANGUAGES = Set.of(Locale.getISOLanguages());
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    public static LanguageCode parse(String raw) {
        String code = raw == null ? "" : raw.trim();
        Matcher m = SHAPE.matcher(code);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + code + "' is not a language code: use a lower-case ISO 639-1"
                    + " language, optionally with _region (e.g. de, cs_cz, es_419)");
        }
        if (!LANGUAGES.contains(m.group(1))) {
            throw new IllegalArgumentException("'" + code + "': '" + m.group(1) + "' is not an ISO 639-1 language");
        }
        String region = m.group(2);
        if (region != null && Character.isLetter(region.charAt(0))
                && !COUNTRIES.contains(region.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("'" + code + "': '" + region + "' is not an ISO 3166-1 country");
        }
        return new LanguageCode(code);
    }

    @Override
    public String toString() {
        return code;
    }
}
