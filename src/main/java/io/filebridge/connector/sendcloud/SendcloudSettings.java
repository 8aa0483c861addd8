package io.filebridge.connector.sendcloud;

import java.net.URI;
import java.util.List;

import io.filebridge.connector.VendorSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code filebridge.vendors.sendcloud.*}: Basic auth with the integration's public and secret key, or OAuth2 client
 * credentials when a client id and secret are set (an integration with "Use OAuth2" on refuses Basic auth).
 */
@ConfigurationProperties("filebridge.vendors.sendcloud")
public class SendcloudSettings extends VendorSettings {

    /** Sendcloud's OAuth2 token endpoint. */
    private URI tokenUrl = URI.create("https://account.sendcloud.com/oauth2/token");
    /** Basic auth: the integration's public key ({@code SENDCLOUD_PUBLIC_KEY}). */
    private String publicKey;
    /** Basic auth: the integration's secret key ({@code SENDCLOUD_SECRET_KEY}). */
    private String secretKey;
    /** OAuth2 client credentials, used when both the id and the secret are set ({@code SENDCLOUD_CLIENT_ID}). */
    private String clientId;
    /** The OAuth2 client secret ({@code SENDCLOUD_CLIENT_SECRET}); see {@code client-id}. */
    private String clientSecret;
    /** True once requests-per-minute itself was set: then the uploads-per-minute alias is ignored. */
    private boolean explicitRequestsPerMinute;

    public SendcloudSettings() {
        setBaseUrl(URI.create("https://panel.sendcloud.sc/api/v3"));
        super.setRequestsPerMinute(30); // "File uploads are limited to 30 requests per minute"
    }

    public boolean usesOAuth2() {
        return notBlank(clientId) && notBlank(clientSecret);
    }

    @Override
    public List<String> missingCredentials() {
        if (usesOAuth2() || (notBlank(publicKey) && notBlank(secretKey))) {
            return List.of();
        }
        return List.of("filebridge.vendors.sendcloud has no credentials: set SENDCLOUD_PUBLIC_KEY and"
                + " SENDCLOUD_SECRET_KEY (public-key, secret-key) for Basic auth, or SENDCLOUD_CLIENT_ID and"
                + " SENDCLOUD_CLIENT_SECRET (client-id, client-secret) for OAuth2");
    }

    @Override
    public List<String> secrets() {
        return setValues(secretKey, clientSecret);
    }

    @Override
    public List<String> credentialVariables() {
        return usesOAuth2() ? List.of("SENDCLOUD_CLIENT_ID", "SENDCLOUD_CLIENT_SECRET")
                : List.of("SENDCLOUD_PUBLIC_KEY", "SENDCLOUD_SECRET_KEY");
    }

    public URI getTokenUrl() { return tokenUrl; }
    public void setTokenUrl(URI tokenUrl) { this.tokenUrl = tokenUrl; }
    public String getPublicKey() { return publicKey; }
    public void setPublicKey(String publicKey) { this.publicKey = publicKey; }
    public String getSecretKey() { return secretKey; }
    public void setSecretKey(String secretKey) { this.secretKey = secretKey; }
    public String getClientId() { return clientId; }
    public void setClientId(String clientId) { this.clientId = clientId; }
    public String getClientSecret() { return clientSecret; }
    public void setClientSecret(String clientSecret) { this.clientSecret = clientSecret; }

    /**
     * {@code requests-per-minute}, the setting every vendor has. Once it is set, {@code uploads-per-minute} no longer
     * applies, whichever of the two is bound first.
     */
    @Override
    public void setRequestsPerMinute(int requestsPerMinute) {
        explicitRequestsPerMinute = true;
        super.setRequestsPerMinute(requestsPerMinute);
    }

    /**
     * {@code uploads-per-minute}, the name Sendcloud's docs give the limit: an alias of {@code requests-per-minute},
     * used only while that is not set. The shipped application.yml sets {@code requests-per-minute} from this alias
     * ({@code ${filebridge.vendors.sendcloud.uploads-per-minute:30}}), so either name works there.
     */
    public void setUploadsPerMinute(int uploadsPerMinute) {
        if (!explicitRequestsPerMinute) {
            super.setRequestsPerMinute(uploadsPerMinute);
        }
    }

    public int getUploadsPerMinute() { return getRequestsPerMinute(); }
}
