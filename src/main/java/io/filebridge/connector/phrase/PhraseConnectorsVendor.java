package io.filebridge.connector.phrase;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.filebridge.connector.CallbackRegistry;
import io.filebridge.connector.ConfiguredUploadVendor;
import io.filebridge.connector.HttpAnswer;
import io.filebridge.connector.HttpCall;
import io.filebridge.connector.Multipart;
import io.filebridge.connector.UploadContext;
import io.filebridge.connector.VendorCallFailed;
import io.filebridge.connector.VendorHints;
import io.filebridge.files.SourceFile;
import org.springframework.stereotype.Component;

/**
 * Phrase Connectors file storage ("Bifrost"): {@code POST {base-url}/connectors/files/v1/async/upload-file}, one
 * multipart part {@code file}; 200 gives the storage {@code uid} (kept one day by Phrase). Sends the per-file request
 * id as {@code X-ActionId}, Phrase's log correlation id, and, when {@code filebridge.public-url} is set, an
 * {@code X-Webhook} URL with a per-file token for Phrase to report the stored file.
 *
 * <p>OPEN QUESTION (vendor-apis.md B.2, H.1): Phrase's OpenAPI declares the body as {@code application/json} with a
 * binary {@code file} property, which cannot be sent as JSON; that is how generators render a multipart file upload
 * wrongly. The wire format used here, multipart/form-data with a part named {@code file}, is an inference not yet
 * checked against Phrase's staging service. If Phrase turns out to want something else, only {@link #uploadCall}
 * changes.
 */
@Component
public class PhraseConnectorsVendor extends ConfiguredUploadVendor<PhraseSettings> {

    public static final String ID = "phrase-connectors";
    public static final String UPLOAD_PATH = "/connectors/files/v1/async/upload-file";

    /** What a callback token looks like in a URL (43 URL-safe characters; anything that long is masked). */
    private static final Pattern CALLBACK_TOKEN = Pattern.compile("[A-Za-z0-9_-]{22,}");

    private final CallbackRegistry callbacks;
    private final ObjectMapper json;

    /** The authentication is Phrase's, shared with Language AI: one token for both products. */
    public PhraseConnectorsVendor(PhraseSettings settings, PhraseAuthentication authentication,
            CallbackRegistry callbacks, ObjectMapper json) {
        super(ID, settings, authentication.configured().orElse(null));
        this.callbacks = callbacks;
        this.json = json;
    }

    /** The callback token is registered against the row, before the request is sent. */
    @Override
    public boolean requestNamesLedgerRow() {
        return true;
    }

    /** Registers the file's callback token in the ledger (when callbacks are on) before the request is sent. */
    @Override
    public HttpCall uploadCall(SourceFile file, UploadContext context) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-ActionId", context.requestId());
        callbacks.register(ID, context.ledgerId()).ifPresent(url -> headers.put("X-Webhook", url.toString()));
        return Multipart.post(settings().resolve(UPLOAD_PATH), headers, "file", file);
    }

    /**
     * Phrase's schema and its example disagree on the answer's fields (B.3), so it is read leniently: only {@code uid}
     * is required. A {@code sha256} that differs from the file's means Phrase stored other bytes than we sent: the
     * file fails rather than being archived as done. {@code size} is not compared: for an asynchronous upload it is
     * not documented to be final.
     */
    @Override
    public String vendorId(SourceFile file, JsonNode answer) throws VendorCallFailed {
        String uid = requiredId(answer, "uid", 200);
        JsonNode sha256 = answer.path("sha256");
        if (sha256.isValueNode() && !sha256.isNull() && !sha256.asText().isBlank()
                && !sha256.asText().strip().equalsIgnoreCase(file.sha256())) {
            throw new VendorCallFailed(ID + " stored the file as uid " + uid + " with SHA-256 "
                    + sha256.asText().strip() + ", but the file's SHA-256 is " + file.sha256()
                    + ": the content did not arrive intact", 200, null, 0, false, null);
        }
        return uid;
    }

    /**
     * Phrase may echo the X-Webhook URL as {@code webhookUrl}; its token is what makes a callback genuine, so receipts
     * and the ledger keep the URL with the token masked (the ledger stores only the token's hash).
     */
    @Override
    public JsonNode receiptResponse(JsonNode answer) {
        JsonNode webhook = answer.path("webhookUrl");
        if (!answer.isObject() || !webhook.isTextual()) {
            return answer;
        }
        ObjectNode copy = ((ObjectNode) answer).deepCopy();
        copy.put("webhookUrl", CALLBACK_TOKEN.matcher(webhook.asText()).replaceAll("***"));
        return copy;
    }

    @Override
    public String errorText(HttpAnswer answer) {
        return PhraseErrorText.of(json, answer);
    }

    /**
     * The shared hints, naming the shared settings ({@code filebridge.vendors.phrase.*}); when Phrase answered at
     * all, Phrase support can trace the upload by the report's {@code requestId}, which went as {@code X-ActionId}.
     */
    @Override
    public String hint(Integer httpStatus) {
        String hint = VendorHints.forStatus("phrase", httpStatus, settings().credentialVariables());
        return httpStatus == null ? hint
                : hint + " Phrase support can trace the upload by this report's requestId (sent as X-ActionId).";
    }
}
