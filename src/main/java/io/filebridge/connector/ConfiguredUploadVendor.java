package io.filebridge.connector;

/**
 * What every upload vendor holds the same way: its id, its settings, and the authenticator its credentials make. A
 * vendor without credentials has none; the pipeline validator keeps its routes from starting, and asking for it says
 * what to set. A vendor adds only its request, answer and error reading ({@link UploadVendor}).
 */
public abstract class ConfiguredUploadVendor<S extends VendorSettings> implements UploadVendor {

    private final String id;
    private final S settings;
    private final Authenticator authenticator;

    /** {@code authenticator}: null when the settings hold no complete credentials. */
    protected ConfiguredUploadVendor(String id, S settings, Authenticator authenticator) {
        this.id = id;
        this.settings = settings;
        this.authenticator = authenticator;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final S settings() {
        return settings;
    }

    @Override
    public final Authenticator authenticator() {
        return settings.requireCredentials(authenticator);
    }
}
