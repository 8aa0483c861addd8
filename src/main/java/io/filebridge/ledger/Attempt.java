package io.filebridge.ledger;

/**
 * One HTTP attempt of a vendor call, as the file's timeline records it ({@link Ledger#recordAttempt}).
 *
 * @param number     1-based
 * @param httpStatus null when there was no response
 * @param detail     what the timeline says about it, already redacted
 */
public record Attempt(int number, Integer httpStatus, String detail) {
}
