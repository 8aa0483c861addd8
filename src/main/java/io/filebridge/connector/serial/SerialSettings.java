package io.filebridge.connector.serial;

import java.net.URI;
import java.util.List;

import io.filebridge.connector.VendorSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code filebridge.vendors.serial.*}: one API key, sent as {@code Authorization: Bearer <key>}. Serial documents no
 * rate limit, so there is none on our side unless ops set {@code requests-per-minute}.
 */
@ConfigurationProperties("filebridge.vendors.serial")
public class SerialSettings extends VendorSettings {

    /** Serial's API key ({@code SERIAL_API_KEY}), sent as {@code Authorization: Bearer <key>}. */
    private String apiKey;

    public SerialSettings() {
        setBaseUrl(URI.create("https://api.serial.io"));
    }

    @Override
    public List<String> missingCredentials() {
        return notBlank(apiKey) ? List.of()
                : List.of("filebridge.vendors.serial has no credentials: set SERIAL_API_KEY (api-key)");
    }

    @Override
    public List<String> secrets() {
        return setValues(apiKey);
    }

    @Override
    public List<String> credentialVariables() {
        return List.of("SERIAL_API_KEY");
    }

    public String getApiKey() { return apiKey; }
    public void setApiKey(String apiKey) { this.apiKey = apiKey; }
}
