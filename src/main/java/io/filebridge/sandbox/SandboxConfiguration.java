package io.filebridge.sandbox;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/** Binds the emulator settings only when the sandbox profile is on, so production never sees sandbox keys. */
@Configuration(proxyBeanMethods = false)
@Profile(SandboxConfiguration.PROFILE)
@EnableConfigurationProperties(SandboxProperties.class)
public class SandboxConfiguration {

    public static final String PROFILE = "sandbox";
}
