package io.filebridge.connector;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a {@code Retry-After} header: delta-seconds or an HTTP-date (RFC 9110 §10.2.3), in any of the three date forms
 * RFC 9110 §5.6.7 tells recipients to accept: IMF-fixdate ({@code Sun, 06 Nov 1994 08:49:37 GMT}) and the obsolete
 * RFC 850 ({@code Sunday, 06-Nov-94 08:49:37 GMT}) and asctime ({@code Sun Nov  6 08:49:37 1994}) forms. A value
 * that is none of these is empty, and the caller falls back to its own backoff.
 */
public final class RetryAfter {

    /** asctime carries no zone: RFC 9110 says it is UTC. Day of month space-padded ("Nov  6"). */
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy",
            Locale.US);

    private RetryAfter() {
    }

    public static Optional<Duration> parse(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
        } catch (NumberFormatException notSeconds) {
            Instant now = clock.instant();
            return httpDate(v, now).map(at -> {
                Duration wait = Duration.between(now, at);
                return wait.isNegative() ? Duration.ZERO : wait;
            });
        }
    }

    private static Optional<Instant> httpDate(String value, Instant now) {
        try {
            return Optional.of(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException notImfFixdate) {
            // the obsolete forms below
        }
        try {
            return Optional.of(ZonedDateTime.parse(value, rfc850(now)).toInstant());
        } catch (DateTimeParseException notRfc850) {
            // asctime, below
        }
        try {
            return Optional.of(LocalDateTime.parse(value, ASCTIME).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException unreadable) {
            return Optional.empty();
        }
    }

    /**
     * RFC 850 dates have a two-digit year; RFC 9110 reads one that would lie more than 50 years in the future as the
     * most recent past year with those digits, i.e. the year falls within [now - 49, now + 50].
     */
    private static DateTimeFormatter rfc850(Instant now) {
        LocalDate base = LocalDate.ofInstant(now, ZoneOffset.UTC).minusYears(49);
        return new DateTimeFormatterBuilder()
                .appendPattern("EEEE, dd-MMM-")
                .appendValueReduced(ChronoField.YEAR, 2, 2, base)
                .appendPattern(" HH:mm:ss zzz")
                .toFormatter(Locale.US);
    }
}
