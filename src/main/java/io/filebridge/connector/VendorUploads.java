package io.filebridge.connector;

import java.time.Duration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.files.SourceFile;
import org.springframework.stereotype.Component;

/** Uploads one file to one vendor: the shared shape behind every upload sink. */
@Component
public class VendorUploads {

    private final VendorCaller caller;
    private final ObjectMapper json;

    public VendorUploads(VendorCaller caller, ObjectMapper json) {
        this.caller = caller;
        this.json = json;
    }

    public UploadResult upload(UploadVendor vendor, SourceFile file, UploadContext context, AttemptListener listener)
            throws VendorCallFailed {
        return result(vendor, file, send(vendor, file, context, listener));
    }

    /** The vendor's answer to a successful upload request, and the attempts it took. */
    public record Sent(HttpAnswer answer, int attempts) {
    }

    /** Sends the upload (retrying as the vendor's settings say) up to a successful answer. */
    public Sent send(UploadVendor vendor, SourceFile file, UploadContext context, AttemptListener listener)
            throws VendorCallFailed {
        AttemptCounter counter = new AttemptCounter(listener);
        VendorCall call = new VendorCall(vendor.id(), vendor.settings(), vendor.authenticator(),
                vendor.uploadCall(file, context), vendor::errorText);
        HttpAnswer answer = caller.execute(call, counter);
        return new Sent(answer, counter.attempts);
    }

    /** Reads the successful answer for {@code file} (hashed: a vendor may compare its checksum). */
    public UploadResult result(UploadVendor vendor, SourceFile file, Sent sent) throws VendorCallFailed {
        HttpAnswer answer = sent.answer();
        JsonNode body;
        try {
            body = json.readTree(answer.body());
        } catch (JsonProcessingException e) {
            throw new VendorCallFailed(vendor.id() + " answered HTTP " + answer.status()
                    + " but the body is not JSON; the upload state is unknown", answer.status(), null,
                    sent.attempts(), false, e);
        }
        try {
            return new UploadResult(vendor.vendorId(file, body), vendor.receiptResponse(body), sent.attempts());
        } catch (VendorCallFailed rejected) {
            throw rejected.afterAttempts(sent.attempts());
        }
    }

    /** Remembers the number of the last attempt while passing every event on. */
    private static final class AttemptCounter implements AttemptListener {
        private final AttemptListener delegate;
        private int attempts;

        AttemptCounter(AttemptListener delegate) {
            this.delegate = delegate;
        }

        @Override
        public void attempted(int attempt, Integer httpStatus, String detail) {
            attempts = attempt;
            delegate.attempted(attempt, httpStatus, detail);
        }

        @Override
        public void backingOff(int nextAttempt, Duration delay) {
            delegate.backingOff(nextAttempt, delay);
        }

        @Override
        public void rateLimited(Duration waited) {
            delegate.rateLimited(waited);
        }
    }
}
