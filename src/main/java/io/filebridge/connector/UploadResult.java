package io.filebridge.connector;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A vendor's acceptance of a file: the id it gave the file (Sendcloud's {@code file_token}, Serial's {@code id}, ...)
 * and its whole answer, which goes into the receipt as it came.
 */
public record UploadResult(String vendorId, JsonNode response, int attempts) {
}
