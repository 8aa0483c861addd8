package io.filebridge.intake;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * What ops read in {@code <name>.error.json} next to a failed file: what failed, what the vendor said, how often it
 * was tried, and what to do about it. {@code requestId} is the id of the failed upload (Phrase's {@code X-ActionId}),
 * to quote in a vendor support case; absent when no upload was started. {@code vendorId} is there when the vendor
 * has the file and only what came after failed (its receipt or an output could not be written).
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
        String vendorId,
        String hint) {

    /** How reports are written: indented, times as ISO-8601 text. */
    public static ObjectWriter writer(ObjectMapper json) {
        return json.copy().enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).writer();
    }

    /** The input file as the report names it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FileFacts(String name, String path, Long size, String sha256) {
    }
}
