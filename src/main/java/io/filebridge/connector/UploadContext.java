package io.filebridge.connector;

/**
 * Per-file facts a vendor request may carry: the pipeline, the ledger row, and a request id generated per file.
 * The request id appears in the receipt and the outcome log line; vendors with a correlation header send it (Phrase:
 * {@code X-ActionId}), so a support case can be traced from either side.
 */
public record UploadContext(String pipeline, long ledgerId, String requestId) {

    /**
     * The {@code ledgerId} of an upload that starts before its row exists; only vendors that do not
     * {@link UploadVendor#requestNamesLedgerRow() name the row} ever see it.
     */
    public static final long NO_ROW_YET = -1;
}
