package io.filebridge.connector;

import com.fasterxml.jackson.databind.JsonNode;
import io.filebridge.files.SourceFile;

/**
 * What differs between upload vendors, and nothing else: where and how the file is sent, how the answer is read, how
 * errors are worded. Retries, limits, tokens, ledger, receipts and reports are shared ({@link VendorUploads},
 * {@link VendorCaller}, the pipeline step).
 */
public interface UploadVendor extends Vendor {

    /** The vendor's id in Kamelet labels, receipts and logs: "sendcloud", "serial", ... */
    @Override
    String id();

    @Override
    VendorSettings settings();

    Authenticator authenticator();

    /** The upload request, without authentication headers. */
    HttpCall uploadCall(SourceFile file, UploadContext context);

    /**
     * Whether {@link #uploadCall} needs the file's ledger row ({@link UploadContext#ledgerId()}, e.g. to register a
     * callback). If not, a large file's upload may start before the row exists, while its hash is computed; its last
     * bytes wait until the row says UPLOADING ({@link io.filebridge.files.TailGate}).
     */
    default boolean requestNamesLedgerRow() {
        return false;
    }

    /**
     * Reads a successful answer. Throws when the answer shows the upload did not arrive intact (e.g. a size or
     * checksum that differs from ours), so the file fails instead of being archived as done.
     */
    String vendorId(SourceFile file, JsonNode answer) throws VendorCallFailed;

    /**
     * The id the vendor gave the file, from a top-level {@code field} of its successful answer. A missing, null,
     * blank or non-scalar value fails the file: the vendor took the request, but nothing names what it stored.
     *
     * @param status the status the vendor answers a successful upload with, for the report
     */
    default String requiredId(JsonNode answer, String field, int status) throws VendorCallFailed {
        JsonNode value = answer.path(field);
        String id = value.isValueNode() && !value.isNull() ? value.asText().strip() : "";
        if (id.isEmpty()) {
            throw new VendorCallFailed(id() + " accepted the upload but its answer has no " + field, status, null, 0,
                    false, null);
        }
        return id;
    }

    /**
     * The answer as the receipt (and the ledger) keep it. By default the whole answer as it came; a vendor that echoes
     * something that must not be kept (e.g. a callback URL's secret token) returns a masked copy.
     */
    default JsonNode receiptResponse(JsonNode answer) {
        return answer;
    }

    /** The vendor's own error text from a failed answer (blank when it gave none). */
    String errorText(HttpAnswer answer);

    /** What an operator should do about a failure with this status (null: no status, the vendor was unreachable). */
    default String hint(Integer httpStatus) {
        return VendorHints.forStatus(id(), httpStatus, settings().credentialVariables());
    }
}
