package io.filebridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class DataDirectoryTest {

    @Test
    void aRelativeDataDirBecomesAbsoluteUnderTheWorkingDirectory() {
        MockEnvironment environment = new MockEnvironment().withProperty(DataDirectory.KEY, "data");

        new DataDirectory().postProcessEnvironment(environment, new SpringApplication());

        String dataDir = environment.getProperty(DataDirectory.KEY);
        assertThat(Path.of(dataDir)).isAbsolute().isEqualTo(Path.of("data").toAbsolutePath());
        // the H2 URL built from it is no longer "implicitly relative" (H2 error 90011)
        assertThat(environment.resolvePlaceholders("jdbc:h2:file:${filebridge.data-dir}/ledger/filebridge"))
                .startsWith("jdbc:h2:file:/");
    }

    @Test
    void anAbsoluteDataDirIsKeptAsItIs() {
        String absolute = Path.of("target", "somewhere").toAbsolutePath().toString();
        MockEnvironment environment = new MockEnvironment().withProperty(DataDirectory.KEY, absolute);

        new DataDirectory().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty(DataDirectory.KEY)).isEqualTo(absolute);
        assertThat(environment.getPropertySources().contains("filebridgeAbsoluteDataDir")).isFalse();
    }
}
