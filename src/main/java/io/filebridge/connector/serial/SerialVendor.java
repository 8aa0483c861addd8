package io.filebridge.connector.serial;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import com.fasterxml.jackson.databind.JsonNode;
import io.filebridge.connector.ConfiguredUploadVendor;
import io.filebridge.connector.HttpAnswer;
import io.filebridge.connector.HttpCall;
import io.filebridge.connector.Multipart;
import io.filebridge.connector.StaticHeaderAuthenticator;
import io.filebridge.connector.UploadContext;
import io.filebridge.connector.VendorCallFailed;
import io.filebridge.files.SourceFile;
import org.springframework.stereotype.Component;

/**
 * Serial: {@code POST {base-url}/files}, one multipart part {@code file} with the file name and MIME type (Serial
 * files data by them); 200 gives the stored object ({@code id}, {@code name}, {@code bucket_id}, {@code metadata}).
 * The answer's size must be ours: a stored object of another size is an incomplete upload, not a success.
 */
@Component
public class SerialVendor extends ConfiguredUploadVendor<SerialSettings> {

    public SerialVendor(SerialSettings settings) {
        super("serial", settings, settings.missingCredentials().isEmpty()
                ? StaticHeaderAuthenticator.bearer(settings.getApiKey()) : null);
    }

    @Override
    public HttpCall uploadCall(SourceFile file, UploadContext context) {
        return Multipart.post(settings().resolve("/files"), Map.of(), "file", file);
    }

    /** The storage {@code id}; the receipt keeps the whole answer, {@code name} included (Serial links files by it). */
    @Override
    public String vendorId(SourceFile file, JsonNode answer) throws VendorCallFailed {
        String id = requiredId(answer, "id", 200);
        List<String> mismatches = new ArrayList<>();
        for (String field : List.of("size", "contentLength")) {
            OptionalLong stored = size(answer.path("metadata").path(field));
            if (stored.isPresent() && stored.getAsLong() != file.size()) {
                mismatches.add("metadata." + field + " = " + stored.getAsLong());
            }
        }
        if (!mismatches.isEmpty()) {
            throw new VendorCallFailed("serial stored a file of another size than was sent (" + file.size()
                    + " bytes sent, " + String.join(", ", mismatches) + "): the upload is incomplete; the stored"
                    + " object is id " + id + ", name " + answer.path("name").asText("(none)"), 200, null, 0, false,
                    null);
        }
        return id;
    }

    /** {@code size} is an integer, {@code contentLength} a string in Serial's schema; accept either form for both. */
    private static OptionalLong size(JsonNode value) {
        if (value.isIntegralNumber()) {
            return OptionalLong.of(value.asLong());
        }
        if (value.isTextual() && value.asText().strip().matches("\\d{1,18}")) {
            return OptionalLong.of(Long.parseLong(value.asText().strip()));
        }
        return OptionalLong.empty();
    }

    /** Serial documents no error body (401 and 500 come without a schema): the text as it came. */
    @Override
    public String errorText(HttpAnswer answer) {
        return answer.bodyExcerpt();
    }
}
