package io.filebridge.ledger;

import java.time.Clock;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Wires the ledger: a UTC clock unless the application brings its own, and durable commits on the embedded H2. The
 * DataSource, Flyway migration and JdbcTemplate come from Spring Boot's auto-configuration; Boot makes JdbcTemplate
 * wait for Flyway, so the ledger never sees an unmigrated schema.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({LedgerSettings.class, S3ClaimSettings.class})
public class LedgerConfiguration {

    /**
     * Only if none exists. Note: {@code @ConditionalOnMissingBean} sees only beans defined before this class is
     * processed; an application Clock defined elsewhere should be {@code @Primary} to be safe.
     */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Makes every ledger commit survive a kill. A SmartInitializingSingleton runs once all singletons exist and before
     * any Lifecycle bean starts, so before the first write. (The sweep of rows a crash left in flight is the
     * cluster's: io.filebridge.cluster.StaleRows.)
     */
    @Bean
    SmartInitializingSingleton embeddedLedgerDurability(JdbcTemplate jdbc) {
        return () -> EmbeddedDurability.apply(jdbc);
    }
}
