package io.filebridge.connector.aymara;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import io.filebridge.FilebridgeApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A mistyped Aymara environment stops filebridge at start, with a message that says what is allowed. */
@ExtendWith(OutputCaptureExtension.class)
class AymaraEnvironmentStartupTest {

    @Test
    void anUnknownEnvironmentStopsTheStartNamingTheSettingAndTheValidValues(CapturedOutput output) {
        String[] args = {
            "--filebridge.vendors.aymara.environment=prod",
            "--camel.main.routes-include-pattern=classpath:pipelines/none-*.camel.yaml",
            "--spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
            "--server.port=0",
            "--spring.main.banner-mode=off"};

        assertThatThrownBy(() -> new SpringApplicationBuilder(FilebridgeApplication.class).run(args).close())
                .rootCause()
                .hasMessageContaining("filebridge.vendors.aymara.environment is 'prod'")
                .hasMessageContaining("production (https://api.aymara.ai) or staging (https://staging-api.aymara.ai)");
        assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
                .contains("filebridge.vendors.aymara.environment");
    }
}
