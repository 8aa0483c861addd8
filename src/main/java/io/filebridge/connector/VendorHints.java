package io.filebridge.connector;

/** Plain-language advice for error reports, by HTTP status; vendors may refine it. */
public final class VendorHints {

    private VendorHints() {
    }

    public static String forStatus(String vendor, Integer status, java.util.List<String> credentialVariables) {
        String credentials = credentialVariables.isEmpty() ? "the filebridge.vendors." + vendor + ".* credentials"
                : String.join(", ", credentialVariables) + " (filebridge.vendors." + vendor + ".*)";
        if (status == null) {
            return "The " + vendor + " API could not be reached or did not answer in time (see the error). Check the"
                    + " network and filebridge.vendors." + vendor + ".base-url, then move the file back into the inbox"
                    + " to retry.";
        }
        if (status >= 200 && status < 300) {
            return "The " + vendor + " API accepted the request, but its answer does not confirm that the file arrived"
                    + " intact (see the error). Move the file back into the inbox to upload it again; the vendor may"
                    + " keep the incomplete copy named in the error.";
        }
        return switch (status) {
            case 400, 422 -> "The " + vendor + " API refused the request as malformed or unprocessable. Check that the"
                    + " file is of a type the vendor accepts; retrying the same file will fail the same way.";
            case 401 -> "The " + vendor + " API refused the credentials. Check " + credentials
                    + ", then move the file back into the inbox.";
            case 403 -> "The " + vendor + " credentials lack permission for this upload. Ask the vendor account admin"
                    + " for access, then move the file back into the inbox.";
            case 413 -> "The file is larger than the " + vendor + " API accepts. Split or compress it and drop the"
                    + " smaller file(s) into the inbox.";
            case 415 -> "The " + vendor + " API does not accept this file type. Convert the file to a supported format.";
            case 429 -> "The " + vendor + " API kept rate-limiting filebridge. Lower requests-per-minute or concurrency"
                    + " for this vendor, then move the file back into the inbox.";
            default -> status >= 500
                    ? "The " + vendor + " API had a server error on every attempt. Move the file back into the inbox"
                            + " to retry later; contact the vendor if it persists."
                    : "The " + vendor + " API answered HTTP " + status + ". See the vendor's error text above.";
        };
    }
}
