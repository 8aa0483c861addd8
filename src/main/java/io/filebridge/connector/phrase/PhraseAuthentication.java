package io.filebridge.connector.phrase;

import java.time.Clock;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.connector.Authenticator;
import io.filebridge.connector.CachedTokenAuthenticator;
import io.filebridge.connector.CachedTokenAuthenticator.TokenSource;
import io.filebridge.connector.Fingerprints;
import io.filebridge.connector.HttpTransport;
import org.springframework.stereotype.Component;

/**
 * The one Phrase JWT cache of this process, shared by every Phrase vendor (Connectors; later Language AI): the same
 * credential gets the same token, so Phrase sees one token request per lifetime, not one per product or pipeline.
 * The token comes from the Platform API token exchange ({@link PhraseTokenExchange}), or from the deprecated login
 * ({@link PhraseLogin}) when only a username, password and organization are set.
 */
@Component
public class PhraseAuthentication {

    /** Names the token endpoints in error messages (the Phrase Platform, not one product). */
    static final String VENDOR = "phrase";

    private final PhraseSettings settings;
    private final Authenticator authenticator;

    public PhraseAuthentication(PhraseSettings settings, HttpTransport transport, ObjectMapper json, Clock clock) {
        this.settings = settings;
        TokenSource source = tokenSource(settings, transport, json, clock);
        this.authenticator = source == null ? null
                : new CachedTokenAuthenticator(source, clock, credentialKey(settings));
    }

    /** The token source the settings call for, or null when they hold no complete credentials. */
    static TokenSource tokenSource(PhraseSettings settings, HttpTransport transport, ObjectMapper json, Clock clock) {
        if (settings.usesApiToken()) {
            return new PhraseTokenExchange(VENDOR, settings.resolve(PhraseTokenExchange.PATH),
                    settings.getApiToken().strip(), transport, json, clock);
        }
        if (settings.usesLogin()) {
            return new PhraseLogin(VENDOR, settings.resolve(PhraseLogin.PATH), settings.getUsername().strip(),
                    settings.getPassword(), settings.getOrganizationUid().strip(), transport, json, clock);
        }
        return null;
    }

    private static String credentialKey(PhraseSettings settings) {
        return Fingerprints.of(settings.usesApiToken() ? settings.getApiToken().strip()
                : settings.getUsername().strip() + "\n" + settings.getOrganizationUid().strip());
    }

    /** The authenticator the settings make; empty when they hold no complete credentials. */
    public Optional<Authenticator> configured() {
        return Optional.ofNullable(authenticator);
    }

    /** @throws IllegalStateException naming what to set, when the settings hold no credentials */
    public Authenticator authenticator() {
        return settings.requireCredentials(authenticator);
    }
}
