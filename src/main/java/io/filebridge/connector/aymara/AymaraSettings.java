package io.filebridge.connector.aymara;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.filebridge.connector.VendorSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code filebridge.vendors.aymara.*}: an API key ({@code x-api-key}) and/or a bearer token; the base URL comes from
 * {@code environment} (production or staging) unless {@code base-url} is set. Uploads may go to one workspace.
 */
@ConfigurationProperties("filebridge.vendors.aymara")
public class AymaraSettings extends VendorSettings {

    /** Aymara's documented servers (and the SDK's {@code ENVIRONMENTS}). */
    static final Map<String, URI> ENVIRONMENTS = Map.of(
            "production", URI.create("https://api.aymara.ai"),
            "staging", URI.create("https://staging-api.aymara.ai"));

    /**
     * {@code production} ({@code https://api.aymara.ai}) or {@code staging} ({@code https://staging-api.aymara.ai}):
     * picks the base URL unless {@code base-url} is set.
     */
    private String environment = "production";
    /** Sent as {@code x-api-key} ({@code AYMARA_API_KEY}); at least one of it and {@code bearer-token} is needed. */
    private String apiKey;
    /** Sent as {@code Authorization: Bearer <token>} ({@code AYMARA_BEARER_TOKEN}); see {@code api-key}. */
    private String bearerToken;
    /** Optional: uploads go into this workspace (query parameter {@code workspace_uuid}). */
    private String workspaceUuid;

    /** {@code base-url} when set, else the environment's URL. */
    @Override
    public URI getBaseUrl() {
        URI explicit = super.getBaseUrl();
        return explicit != null && !explicit.toString().isBlank() ? explicit : ENVIRONMENTS.get(environment);
    }

    /**
     * Blank means production. Any other value stops the start with this message (Spring Boot prints it under
     * "APPLICATION FAILED TO START").
     */
    public void setEnvironment(String environment) {
        String name = environment == null || environment.isBlank() ? "production"
                : environment.strip().toLowerCase(Locale.ROOT);
        if (!ENVIRONMENTS.containsKey(name)) {
            throw new IllegalArgumentException("filebridge.vendors.aymara.environment is '" + environment
                    + "'; it must be production (https://api.aymara.ai) or staging (https://staging-api.aymara.ai)."
                    + " To use another URL, set filebridge.vendors.aymara.base-url");
        }
        this.environment = name;
    }

    public String getEnvironment() { return environment; }

    @Override
    public List<String> missingCredentials() {
        return notBlank(apiKey) || notBlank(bearerToken) ? List.of()
                : List.of("filebridge.vendors.aymara has no credentials: set AYMARA_API_KEY (api-key, sent as"
                        + " x-api-key) and/or AYMARA_BEARER_TOKEN (bearer-token)");
    }

    @Override
    public List<String> secrets() {
        return setValues(apiKey, bearerToken);
    }

    /** The variables in use; both when neither is set. */
    @Override
    public List<String> credentialVariables() {
        List<String> used = new ArrayList<>();
        if (notBlank(apiKey)) {
            used.add("AYMARA_API_KEY");
        }
        if (notBlank(bearerToken)) {
            used.add("AYMARA_BEARER_TOKEN");
        }
        return used.isEmpty() ? List.of("AYMARA_API_KEY", "AYMARA_BEARER_TOKEN") : used;
    }

    public String getApiKey() { return apiKey; }
    public void setApiKey(String apiKey) { this.apiKey = apiKey; }
    public String getBearerToken() { return bearerToken; }
    public void setBearerToken(String bearerToken) { this.bearerToken = bearerToken; }
    public String getWorkspaceUuid() { return workspaceUuid; }
    public void setWorkspaceUuid(String workspaceUuid) { this.workspaceUuid = workspaceUuid; }
}
