package io.filebridge.ledger;

import java.time.Instant;

/**
 * One {@code fb_event} row: a step in a file's timeline. {@code kind} is a {@link FileState} name for state changes,
 * or {@link Ledger#ATTEMPT} for an HTTP attempt; it is free text so later kinds need no migration.
 */
public record FileEvent(long id, long fileId, Instant at, String kind, Integer httpStatus, String detail) {
}
