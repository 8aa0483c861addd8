package io.filebridge.connector;

import java.net.URI;
import java.util.Optional;

/**
 * Where a vendor that reports by webhook should call back about one file. Implemented outside the connectors (by the
 * callback endpoint), so that a connector only asks for the URL to send.
 */
public interface CallbackRegistry {

    /**
     * A new callback URL for the file's ledger row, its token stored with the row; empty when filebridge is not
     * reachable from outside (no {@code filebridge.public-url}).
     */
    Optional<URI> register(String vendor, long ledgerId);
}
