package io.filebridge.ledger;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the ledger: a UTC clock unless the application brings its own, and the startup sweep of rows a crash left in
 * flight. The DataSource, Flyway migration and JdbcTemplate come from Spring Boot's auto-configuration; Boot makes
 * JdbcTemplate wait for Flyway, so the ledger never sees an unmigrated schema.
 */
@Configuration(proxyBeanMethods = false)
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
     * Marks this instance's stale RECEIVED/UPLOADING rows INTERRUPTED. A SmartInitializingSingleton runs once all
     * singletons exist and before any Lifecycle bean starts, so before the Camel context starts its consumers: a file
     * a crash left in the inbox is then not taken for a duplicate of its own dead row.
     */
    @Bean
    SmartInitializingSingleton ledgerStaleRowSweep(Ledger ledger) {
        return () -> {
            int count = ledger.interruptStale();
            if (count > 0) {
                log.warn("Ledger: marked {} file(s) of instance '{}' INTERRUPTED, left in flight by an earlier stop;"
                        + " the vendor may have received them once", count, ledger.instanceId());
            }
        };
    }
}
