package io.filebridge.connector.aymara;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.connector.Authenticator;
import io.filebridge.connector.ConfiguredUploadVendor;
import io.filebridge.connector.HttpAnswer;
import io.filebridge.connector.HttpCall;
import io.filebridge.connector.Multipart;
import io.filebridge.connector.StaticHeaderAuthenticator;
import io.filebridge.connector.UploadContext;
import io.filebridge.connector.VendorCallFailed;
import io.filebridge.connector.VendorSettings;
import io.filebridge.files.SourceFile;
import org.springframework.stereotype.Component;

/**
 * Aymara: {@code POST {base-url}/v2/files/-/uploads[?workspace_uuid=...]}, one multipart part {@code file}; 200 gives
 * {@code file_uuid}, {@code file_url}, {@code remote_file_path}. Sends {@code x-api-key} and/or
 * {@code Authorization: Bearer}, whichever is configured (the SDK sends both when both are set).
 */
@Component
public class AymaraVendor extends ConfiguredUploadVendor<AymaraSettings> {

    static final String UPLOAD_PATH = "/v2/files/-/uploads";

    private final ObjectMapper json;

    public AymaraVendor(AymaraSettings settings, ObjectMapper json) {
        super("aymara", settings, authenticator(settings));
        this.json = json;
    }

    /** {@code x-api-key} and/or a bearer token, whichever is set; none without either. */
    private static Authenticator authenticator(AymaraSettings settings) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (VendorSettings.notBlank(settings.getApiKey())) {
            headers.put("x-api-key", settings.getApiKey());
        }
        if (VendorSettings.notBlank(settings.getBearerToken())) {
            headers.put("Authorization", "Bearer " + settings.getBearerToken());
        }
        return headers.isEmpty() ? null : new StaticHeaderAuthenticator(headers);
    }

    @Override
    public HttpCall uploadCall(SourceFile file, UploadContext context) {
        return Multipart.post(uploadUri(), Map.of(), "file", file);
    }

    URI uploadUri() {
        URI uri = settings().resolve(UPLOAD_PATH);
        String workspace = settings().getWorkspaceUuid();
        return VendorSettings.notBlank(workspace)
                ? URI.create(uri + "?workspace_uuid=" + URLEncoder.encode(workspace.strip(), StandardCharsets.UTF_8))
                : uri;
    }

    @Override
    public String vendorId(SourceFile file, JsonNode answer) throws VendorCallFailed {
        return requiredId(answer, "file_uuid", 200);
    }

    /**
     * Aymara's envelope {@code {"error":{"code","message","details"?},"request_id"}}: code, message and request id
     * (what Aymara support asks for) go into the report.
     */
    @Override
    public String errorText(HttpAnswer answer) {
        try {
            JsonNode body = json.readTree(answer.body());
            JsonNode error = body.path("error");
            if (error.isObject()) {
                StringBuilder text = new StringBuilder();
                String code = error.path("code").asText("");
                String message = error.path("message").asText("");
                text.append(code.isBlank() ? "" : code + ": ").append(message);
                JsonNode details = error.path("details");
                if (!details.isMissingNode() && !details.isNull() && !details.isEmpty()) {
                    text.append(" (details: ").append(json.writeValueAsString(details)).append(")");
                }
                String requestId = body.path("request_id").asText(error.path("request_id").asText(""));
                if (!requestId.isBlank()) {
                    text.append(text.isEmpty() ? "" : " ").append("[request_id ").append(requestId).append("]");
                }
                if (!text.isEmpty()) {
                    return text.length() > 1000 ? text.substring(0, 1000) + "..." : text.toString();
                }
            } else if (error.isTextual()) {
                String requestId = body.path("request_id").asText("");
                return error.asText() + (requestId.isBlank() ? "" : " [request_id " + requestId + "]");
            }
        } catch (Exception notJson) {
            // fall through: show the raw text
        }
        return answer.bodyExcerpt();
    }
}
