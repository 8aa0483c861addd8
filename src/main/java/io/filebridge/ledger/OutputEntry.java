package io.filebridge.ledger;

import java.time.Instant;

/** One expected result of a job: an action type for a target language, and what became of it. */
public record OutputEntry(long id, long fileId, String actionType, String targetLang, OutputState state,
        String outputPath, Double score, String error, Instant updatedAt) {
}
