package io.filebridge.connector.phrase;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.filebridge.connector.VendorSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code filebridge.vendors.phrase.*}: the Phrase Platform account shared by the Phrase vendors (Connectors now,
 * Language AI later). {@code base-url} is the data centre's origin, {@code https://eu.phrase.com} or
 * {@code https://us.phrase.com} by {@code region}; every Phrase API hangs below it ({@code /idm}, {@code /connectors},
 * {@code /smt/api}).
 *
 * <p>Credentials: a Platform API token ({@code api-token}), exchanged for a JWT; or, only when no API token is set, the
 * deprecated Language AI login with {@code username}, {@code password} and {@code organization-uid}.
 */
@ConfigurationProperties("filebridge.vendors.phrase")
public class PhraseSettings extends VendorSettings {

    /** The Phrase data centres. */
    public enum Region {
        EU, US;

        URI origin() {
            return URI.create("https://" + name().toLowerCase(Locale.ROOT) + ".phrase.com");
        }
    }

    /**
     * Phrase data centre: {@code eu} or {@code us}. The base URL follows it ({@code https://eu.phrase.com},
     * {@code https://us.phrase.com}; every Phrase API hangs below it: {@code /idm}, {@code /connectors},
     * {@code /smt/api}); set {@code base-url} only to override it.
     */
    private Region region = Region.EU;
    private boolean explicitBaseUrl;
    /**
     * A Phrase Platform API token ({@code PHRASE_API_TOKEN}; Settings > Profile > Access tokens), exchanged for a JWT
     * at {@code /idm/oauth/token}. Preferred: with it, the login settings are ignored.
     */
    private String apiToken;
    /**
     * Deprecated Language AI login ({@code PHRASE_USERNAME}), used only when {@code api-token} is blank; it needs
     * all three of {@code username}, {@code password} and {@code organization-uid}.
     */
    private String username;
    /** The deprecated login's password ({@code PHRASE_PASSWORD}); see {@code username}. */
    private String password;
    /** The deprecated login's organization ({@code PHRASE_ORGANIZATION_UID}); see {@code username}. */
    private String organizationUid;

    public PhraseSettings() {
        super.setBaseUrl(region.origin());
    }

    /** True when the API token is set: token exchange, and the login settings are ignored. */
    public boolean usesApiToken() {
        return notBlank(apiToken);
    }

    /** True when no API token is set and the whole login triple is. */
    public boolean usesLogin() {
        return !usesApiToken() && notBlank(username) && notBlank(password) && notBlank(organizationUid);
    }

    @Override
    public List<String> missingCredentials() {
        if (usesApiToken() || usesLogin()) {
            return List.of();
        }
        List<String> unset = new ArrayList<>();
        if (!notBlank(username)) {
            unset.add("PHRASE_USERNAME");
        }
        if (!notBlank(password)) {
            unset.add("PHRASE_PASSWORD");
        }
        if (!notBlank(organizationUid)) {
            unset.add("PHRASE_ORGANIZATION_UID");
        }
        String partly = unset.size() < 3 ? " (the login is incomplete: " + String.join(", ", unset) + " unset)" : "";
        return List.of("filebridge.vendors.phrase has no credentials: set PHRASE_API_TOKEN (api-token), a Phrase"
                + " Platform API token; or, for the deprecated Language AI login, all of PHRASE_USERNAME,"
                + " PHRASE_PASSWORD and PHRASE_ORGANIZATION_UID (username, password, organization-uid)" + partly);
    }

    @Override
    public List<String> secrets() {
        return setValues(apiToken, password);
    }

    @Override
    public List<String> credentialVariables() {
        return usesLogin() ? List.of("PHRASE_USERNAME", "PHRASE_PASSWORD", "PHRASE_ORGANIZATION_UID")
                : List.of("PHRASE_API_TOKEN");
    }

    /** A blank region means the default (eu); anything but eu or us stops the start with this message. */
    public void setRegion(String region) {
        if (region == null || region.isBlank()) {
            this.region = Region.EU;
        } else {
            String value = region.strip().toUpperCase(Locale.ROOT);
            if (!value.equals("EU") && !value.equals("US")) {
                throw new IllegalArgumentException("filebridge.vendors.phrase.region must be eu or us (the Phrase"
                        + " data centre), not '" + region + "'");
            }
            this.region = Region.valueOf(value);
        }
        if (!explicitBaseUrl) {
            super.setBaseUrl(this.region.origin());
        }
    }

    public String getRegion() {
        return region.name().toLowerCase(Locale.ROOT);
    }

    /** An explicit base URL (e.g. the sandbox) wins over the region; a blank one falls back to the region's origin. */
    @Override
    public void setBaseUrl(URI baseUrl) {
        explicitBaseUrl = baseUrl != null && !baseUrl.toString().isBlank();
        super.setBaseUrl(explicitBaseUrl ? baseUrl : region.origin());
    }

    public String getApiToken() { return apiToken; }
    public void setApiToken(String apiToken) { this.apiToken = apiToken; }
    public String getUsername() { return username; }
    public void setUsername(String username) { this.username = username; }
    public String getPassword() { return password; }
    public void setPassword(String password) { this.password = password; }
    public String getOrganizationUid() { return organizationUid; }
    public void setOrganizationUid(String organizationUid) { this.organizationUid = organizationUid; }
}
