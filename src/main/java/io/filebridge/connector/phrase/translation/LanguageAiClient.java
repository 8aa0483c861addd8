package io.filebridge.connector.phrase.translation;

import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.connector.AttemptListener;
import io.filebridge.connector.HttpAnswer;
import io.filebridge.connector.HttpCall;
import io.filebridge.connector.Multipart;
import io.filebridge.connector.VendorCall;
import io.filebridge.connector.VendorCallFailed;
import io.filebridge.connector.VendorCaller;
import io.filebridge.connector.phrase.PhraseAuthentication;
import io.filebridge.connector.phrase.PhraseErrorText;
import io.filebridge.connector.phrase.PhraseSettings;
import io.filebridge.files.SourceFile;
import org.apache.hc.core5.http.ContentType;
import org.springframework.stereotype.Component;

/**
 * The Phrase Language AI file-translation calls ({@code {base-url}/smt/api/v1/fileTranslations}): submit, status,
 * download and quality score. Every call goes through the shared {@link VendorCaller} (retries, Retry-After, limits,
 * one token refresh after 401) with the shared Phrase token.
 */
@Component
public class LanguageAiClient implements io.filebridge.connector.Vendor {

    public static final String VENDOR = "phrase-language-ai";
    static final String BASE = "/smt/api/v1/fileTranslations";

    private final PhraseSettings settings;
    private final PhraseAuthentication authentication;
    private final VendorCaller caller;
    private final ObjectMapper json;

    public LanguageAiClient(PhraseSettings settings, PhraseAuthentication authentication, VendorCaller caller,
            ObjectMapper json) {
        this.settings = settings;
        this.authentication = authentication;
        this.caller = caller;
        this.json = json;
    }

    @Override
    public String id() {
        return VENDOR;
    }

    @Override
    public PhraseSettings settings() {
        return settings;
    }

    /**
     * Submits the file with its metadata as two parts: {@code file} as application/octet-stream, whatever the file
     * is (the part type of the contract's multipart encoding, not the type guessed from the extension), and {@code metadata} as
     * application/json. The metadata part carries a file name because the multipart mode that keeps UTF-8 file names
     * intact writes a part's Content-Type only for file parts (Blackbird's production client sends it the same way).
     */
    public TranslationStatus submit(SourceFile file, TranslationOrder order, String callbackUrl,
            AttemptListener listener) throws VendorCallFailed {
        String metadata = write(order.metadata(json, callbackUrl));
        SourceFile binary = new SourceFile(file.path(), file.name(), file.relativePath(), file.size(), file.sha256(),
                ContentType.APPLICATION_OCTET_STREAM.getMimeType());
        HttpCall call = HttpCall.post(settings.resolve(BASE), Map.of("Accept", "application/json"),
                () -> Multipart.addFile(Multipart.builder(), "file", binary)
                        .addBinaryBody("metadata", metadata.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                                ContentType.APPLICATION_JSON, "metadata.json")
                        .build());
        return TranslationStatus.read(readJson(execute(call, listener)));
    }

    /** The job's current state: one status per action and target language. */
    public TranslationStatus status(String uid) throws VendorCallFailed {
        HttpCall call = HttpCall.get(settings.resolve(BASE + "/" + encode(uid)), Map.of("Accept", "application/json"));
        return TranslationStatus.read(readJson(execute(call, AttemptListener.NONE)));
    }

    /** Streams one translated file into {@code target} (any size; nothing is held in memory). */
    public void download(String uid, ActionType action, String language, Path target) throws VendorCallFailed {
        HttpCall call = HttpCall.download(resultUri(uid, action, language),
                Map.of("Accept", "application/octet-stream"), target);
        execute(call, AttemptListener.NONE);
    }

    /** The quality-estimation score of one language ({@code {"score": 0.87}}). */
    public double qualityScore(String uid, String language) throws VendorCallFailed {
        HttpCall call = HttpCall.get(resultUri(uid, ActionType.QUALITY_ESTIMATION, language),
                Map.of("Accept", "application/json"));
        JsonNode score = readJson(execute(call, AttemptListener.NONE)).path("score");
        if (!score.isNumber()) {
            throw new VendorCallFailed(VENDOR + " answered a quality estimation without a numeric score", 200, null,
                    1, false, null);
        }
        return score.asDouble();
    }

    private java.net.URI resultUri(String uid, ActionType action, String language) {
        return settings.resolve(BASE + "/" + encode(uid) + "/" + action.name() + "/" + encode(language));
    }

    private HttpAnswer execute(HttpCall call, AttemptListener listener) throws VendorCallFailed {
        return caller.execute(new VendorCall(VENDOR, settings, authentication.authenticator(), call,
                answer -> PhraseErrorText.of(json, answer)), listener);
    }

    private JsonNode readJson(HttpAnswer answer) throws VendorCallFailed {
        try {
            return json.readTree(answer.body());
        } catch (JsonProcessingException e) {
            throw new VendorCallFailed(VENDOR + " answered HTTP " + answer.status() + " with a body that is not JSON",
                    answer.status(), null, 1, false, e);
        }
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("metadata made of strings always serializes", e);
        }
    }

    private static String encode(String segment) {
        return java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
