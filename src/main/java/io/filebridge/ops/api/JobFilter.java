package io.filebridge.ops.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;

import io.filebridge.ledger.FileState;

/** The query parameters of GET /api/jobs, checked: a bad one is a 400 that names it, never an empty list. */
public record JobFilter(String pipeline, FileState state, String text, Instant from, Instant to, int page,
        int size) {

    static final int DEFAULT_SIZE = 50, MAX_SIZE = 500;

    static JobFilter parse(String pipeline, String state, String q, String from, String to, String page,
            String size) {
        return new JobFilter(blankToNull(pipeline), state(state), blankToNull(q), instant("from", from),
                instant("to", to), number("page", page, 0, 0, Integer.MAX_VALUE),
                number("size", size, DEFAULT_SIZE, 1, MAX_SIZE));
    }

    private static FileState state(String value) {
        if (blankToNull(value) == null) {
            return null;
        }
        try {
            return FileState.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("unknown state '" + value + "'; one of " + Arrays.toString(
                    FileState.values()));
        }
    }

    private static Instant instant(String name, String value) {
        if (blankToNull(value) == null) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be an ISO-8601 instant like 2026-11-22T02:30:00Z, not '"
                    + value + "'");
        }
    }

    private static int number(String name, String value, int fallback, int min, int max) {
        if (blankToNull(value) == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n < min || n > max) {
                throw ApiException.badRequest(name + " must be between " + min + " and " + max + ", not " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a whole number, not '" + value + "'");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
