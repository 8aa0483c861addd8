package io.filebridge.connector;

import java.io.IOException;

/** Sends one request, once. Retries, rate limits and authentication live above it, in {@link VendorCaller}. */
public interface HttpTransport {

    /** @throws IOException when no answer came: refused or dropped connection, timeout */
    HttpAnswer send(HttpCall call) throws IOException;
}
