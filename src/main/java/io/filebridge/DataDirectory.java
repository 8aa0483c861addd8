package io.filebridge;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns {@code filebridge.data-dir} into an absolute path before anything reads it. The embedded H2 ledger refuses a
 * file URL that is implicitly relative to the working directory (error 90011, "data/ledger/..."), and absolute
 * folders also make log lines, reports and the status page unambiguous. A relative setting is taken relative to the
 * working directory, as the user meant it.
 */
public class DataDirectory implements EnvironmentPostProcessor, Ordered {

    static final String KEY = "filebridge.data-dir";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String configured = environment.getProperty(KEY);
        if (configured == null || configured.isBlank()) {
            return;
        }
        String absolute = absolute(configured);
        if (!absolute.equals(configured)) {
            environment.getPropertySources().addFirst(new MapPropertySource("filebridgeAbsoluteDataDir",
                    Map.of(KEY, absolute)));
        }
    }

    static String absolute(String configured) {
        return Path.of(configured).toAbsolutePath().normalize().toString();
    }

    @Override
    public int getOrder() {
        // after the config files and the environment have been read (ConfigDataEnvironmentPostProcessor)
        return Ordered.LOWEST_PRECEDENCE;
    }
}
