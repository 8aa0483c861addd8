package io.filebridge.connector;

import java.util.function.Function;

/**
 * Everything {@link VendorCaller} needs to run one logical request against a vendor: who it is (for limits), how it
 * authenticates, the request, and how to read the vendor's error text from a failed answer.
 */
public record VendorCall(String vendor, VendorSettings settings, Authenticator authenticator, HttpCall request,
        Function<HttpAnswer, String> errorText) {
}
