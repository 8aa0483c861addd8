package io.filebridge.ledger;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Wires the ledger: a UTC clock unless the application brings its own, and the startup sweep of rows a crash left in
 * flight. The DataSource, Flyway migration and JdbcTemplate come from Spring Boot's auto-configuration; Boot makes
 * JdbcTemplate wait for Flyway, so the ledger never sees an unmigrated schema.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({LedgerSettings.class, S3ClaimSettings.class})
public class LedgerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(LedgerConfiguration.class);

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
     * Makes every ledger commit survive a kill, then marks this instance's stale RECEIVED/UPLOADING rows INTERRUPTED
     * and retires INTERRUPTED rows whose input a later row already finished. A SmartInitializingSingleton runs once
     * all singletons exist and before any Lifecycle bean starts, so before the Camel context starts its consumers: a
     * file a stop left in the inbox then continues its own row ({@link Ledger#pickUp}).
     */
    @Bean
    SmartInitializingSingleton ledgerStaleRowSweep(Ledger ledger, JdbcTemplate jdbc) {
        return () -> {
            EmbeddedDurability.apply(jdbc);
            int count = ledger.interruptStale();
            if (count > 0) {
                log.warn("Ledger: marked {} file(s) of instance '{}' INTERRUPTED, left in flight by an earlier stop;"
                        + " each continues when its input is taken again", count, ledger.instanceId());
            }
            int superseded = ledger.supersedeFinishedTwins();
            if (superseded > 0) {
                log.info("Ledger: {} INTERRUPTED file(s) were taken again and finished as later rows: SUPERSEDED",
                        superseded);
            }
        };
    }
}
