package io.filebridge.ledger;

import java.time.Instant;

/**
 * One expected result of a job: an action type for a target language, and what became of it.
 *
 * @param failedStage for a FAILED output: VENDOR (Phrase reported an error or no result) or DELIVERY (Phrase has it,
 *                    writing it to the target failed); null otherwise
 */
public record OutputEntry(long id, long fileId, String actionType, String targetLang, OutputState state,
        String outputPath, Double score, String error, Instant updatedAt, FailedStage failedStage) {
}
