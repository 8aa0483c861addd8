package io.filebridge.sandbox;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * With the sandbox profile, starts the vendor emulators before anything binds the vendor settings, and points
 * {@code filebridge.vendors.<vendor>.base-url} (Sendcloud, Serial, Aymara, Phrase; and Sendcloud's token URL) at them: a port chosen at start (0, the
 * default) is only known once the emulator listens, so a profile YAML cannot name it. Without the profile, nothing.
 *
 * <p>The URLs take precedence over every other source: with the sandbox on, uploads go to the emulators. The
 * emulators become the bean {@link SandboxEmulators}, closed with the application context.
 */
public class SandboxEmulatorsStarter implements EnvironmentPostProcessor {

    static final String PROPERTY_SOURCE = "sandboxEmulators";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.acceptsProfiles(Profiles.of(SandboxConfiguration.PROFILE))
                || environment.getPropertySources().contains(PROPERTY_SOURCE)) {
            return;
        }
        SandboxProperties settings = Binder.get(environment)
                .bindOrCreate("filebridge.sandbox", SandboxProperties.class);
        SandboxEmulators emulators = SandboxEmulators.start(settings);
        environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, emulators.vendorSettings()));
        application.addInitializers(context -> {
            if (context instanceof GenericApplicationContext generic) {
                generic.registerBean(SandboxEmulators.class, () -> emulators);
            } else {
                emulators.close();
                throw new IllegalStateException("the sandbox emulators need a GenericApplicationContext, got "
                        + context.getClass().getName());
            }
        });
    }
}
