package io.filebridge.delivery;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.filebridge.files.SourceFile;
import io.filebridge.ledger.FileEntry;
import org.springframework.stereotype.Component;

/**
 * Receipts: the output message of an upload sink, one JSON document per input file, with the same fields for every
 * vendor plus the vendor's own answer under {@code response}.
 */
@Component
public class Receipts {

    private final ObjectMapper json;

    public Receipts(ObjectMapper json) {
        this.json = json.copy().enable(SerializationFeature.INDENT_OUTPUT);
    }

    public String completed(String pipeline, String vendor, SourceFile file, long ledgerId, String requestId,
            String vendorId, JsonNode response, int attempts, Instant receivedAt, Instant completedAt) {
        ObjectNode receipt = base(pipeline, vendor, file, ledgerId, vendorId, receivedAt);
        receipt.put("requestId", requestId);
        receipt.put("completedAt", completedAt.toString());
        receipt.put("attempts", attempts);
        receipt.put("duplicate", false);
        receipt.set("response", response);
        return write(receipt);
    }

    /**
     * The receipt of an asynchronous job's submission: the vendor's job id and what was ordered, the languages and
     * action types at the top, so nobody has to dig them out of the vendor's answer.
     *
     * @param response the vendor's answer, already without secrets (a callback URL's token is one)
     */
    public String submitted(String pipeline, String vendor, SourceFile file, long ledgerId, String vendorJobId,
            List<String> languages, List<String> actionTypes, JsonNode response, int attempts, Instant receivedAt,
            Instant submittedAt) {
        ObjectNode receipt = base(pipeline, vendor, file, ledgerId, vendorJobId, receivedAt);
        languages.forEach(receipt.putArray("languages")::add);
        actionTypes.forEach(receipt.putArray("actionTypes")::add);
        receipt.put("submittedAt", submittedAt.toString());
        receipt.put("attempts", attempts);
        receipt.put("duplicate", false);
        receipt.set("response", response);
        return write(receipt);
    }

    /** A receipt for content this pipeline already took: it points at the original and carries its vendor id. */
    public String duplicate(String pipeline, String vendor, SourceFile file, long ledgerId, FileEntry original,
            Instant receivedAt) {
        JsonNode originalReceipt = read(original.receipt());
        ObjectNode receipt = base(pipeline, vendor, file, ledgerId, original.vendorId(), receivedAt);
        receipt.put("completedAt", receivedAt.toString());
        receipt.put("attempts", 0);
        receipt.put("duplicate", true);
        receipt.put("duplicateOf", original.id());
        receipt.put("duplicateOfState", original.state().name());
        receipt.put("duplicateOfPath", original.relativePath());
        receipt.set("response", originalReceipt.path("response").isMissingNode()
                ? json.nullNode() : originalReceipt.path("response"));
        return write(receipt);
    }

    private ObjectNode base(String pipeline, String vendor, SourceFile file, long ledgerId, String vendorId,
            Instant receivedAt) {
        ObjectNode receipt = json.createObjectNode();
        receipt.put("pipeline", pipeline);
        receipt.put("vendor", vendor);
        receipt.put("vendorId", vendorId);
        ObjectNode source = receipt.putObject("file");
        source.put("name", file.name());
        source.put("path", file.relativePath());
        source.put("size", file.size());
        source.put("sha256", file.sha256());
        source.put("contentType", file.contentType());
        receipt.put("ledgerId", ledgerId);
        receipt.put("receivedAt", receivedAt.toString());
        return receipt;
    }

    private JsonNode read(String receipt) {
        if (receipt == null || receipt.isBlank()) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(receipt);
        } catch (JsonProcessingException e) {
            return json.createObjectNode();
        }
    }

    private String write(ObjectNode receipt) {
        try {
            return json.writeValueAsString(receipt);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a receipt made of strings and numbers always serializes", e);
        }
    }
}
