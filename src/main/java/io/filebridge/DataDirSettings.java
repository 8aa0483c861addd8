package io.filebridge;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code filebridge.data-dir}. Most code does not read this bean: {@link DataDirectory} makes the setting absolute
 * before the context exists, and routes and config/application.yml use it as a placeholder
 * ({@code {{filebridge.data-dir}}}, {@code ${filebridge.data-dir}}) to derive their own defaults (the spool, the
 * embedded ledger). The class binds it so that it is documented and type-checked with every other setting.
 *
 * @param dataDir Runtime state: the sample pipelines' hot folders and outboxes ({@code {{filebridge.data-dir}}} in
 *                routes) and the embedded ledger database. A relative path is taken from the working directory and
 *                made absolute at start.
 */
@ConfigurationProperties("filebridge")
public record DataDirSettings(Path dataDir) {
}
