package io.filebridge.sandbox;

import io.filebridge.ops.security.OpsSecurity;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;

/**
 * Starts the sandbox package alone, so the emulator tests do not depend on the rest of filebridge. The property
 * scan mirrors {@code FilebridgeApplication}, to prove the settings stay unbound outside the sandbox profile.
 * {@code @TestComponent} keeps the application's own component scan (in other tests) from picking this class up.
 * The ledger's database and migrations are left out: the emulators have nothing to do with them.
 */
@TestComponent
@SpringBootConfiguration
@EnableAutoConfiguration(exclude = {DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class})
@ComponentScan("io.filebridge.sandbox")
@ConfigurationPropertiesScan("io.filebridge.sandbox")
// the product's access rules, so these tests prove /sandbox/** stays open under Spring Security
@Import(OpsSecurity.class)
public class SandboxTestApplication {

    /** Reads only the test resources' application.yml, not a {@code config/} folder of the working directory. */
    public static final String ISOLATED_CONFIG = "spring.config.location=classpath:/application.yml";
}
