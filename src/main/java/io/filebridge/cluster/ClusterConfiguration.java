package io.filebridge.cluster;

import java.time.Clock;

import io.filebridge.ledger.Ledger;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Wires this process's membership of the instances on its ledger, the hot-folder file claims, and the locks for work
 * done once per cluster.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClusterSettings.class)
public class ClusterConfiguration {

    @Bean
    ClusterMembers clusterMembers(JdbcTemplate jdbc, Clock clock, Ledger ledger, ClusterSettings settings) {
        return new ClusterMembers(jdbc, clock, LocalProcess.current(ledger.instanceId()), settings.instanceTtl());
    }

    @Bean
    FileClaims fileClaims(JdbcTemplate jdbc, ClusterMembers members) {
        return new FileClaims(jdbc, members);
    }

    @Bean
    ClusterLocks clusterLocks(JdbcTemplate jdbc, Ledger ledger) {
        return new ClusterLocks(jdbc, ledger.instanceId());
    }

    @Bean
    ClusterHeartbeat clusterHeartbeat(ClusterMembers members, FileClaims claims, Ledger ledger) {
        return new ClusterHeartbeat(members, claims, new StaleRows(ledger, members));
    }
}
