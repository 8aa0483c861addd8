package io.filebridge.connector;

/** Any vendor filebridge talks to: its id (Kamelet label, ledger, receipts, logs) and its settings. */
public interface Vendor {

    String id();

    VendorSettings settings();
}
