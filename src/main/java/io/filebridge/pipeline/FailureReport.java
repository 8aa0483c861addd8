package io.filebridge.pipeline;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What ops read in {@code <name>.error.json} next to a failed file: what failed, what the vendor said, how often it
 * was tried, and what to do about it. {@code requestId} is the id of the failed upload (Phrase's {@code X-ActionId}),
 * to quote in a vendor support case; absent when no upload was started.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FailureReport(
        String pipeline,
        String vendor,
        FileFacts file,
        String error,
        Integer httpStatus,
        String vendorError,
        int attempts,
        Instant receivedAt,
        Instant failedAt,
        Long ledgerId,
        String requestId,
        String hint) {

    /** The input file as the report names it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FileFacts(String name, String path, Long size, String sha256) {
    }
}
