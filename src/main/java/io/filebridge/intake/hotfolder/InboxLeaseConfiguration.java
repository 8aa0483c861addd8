package io.filebridge.intake.hotfolder;

import java.time.Clock;

import io.filebridge.intake.IntakeProperties;
import io.filebridge.ledger.Ledger;
import io.filebridge.pipeline.PipelineProblems;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Wires the inbox leases. The keeper is a {@code @Bean}, not a scanned component, on purpose: Spring registers
 * {@code @Bean} methods after every scanned component, and Camel calls its context configurers in that order, so the
 * keeper sees the routes only after the pipeline validator has removed the ones it refuses.
 */
@Configuration(proxyBeanMethods = false)
public class InboxLeaseConfiguration {

    @Bean
    InboxLeases inboxLeases(JdbcTemplate jdbc, Clock clock, Ledger ledger,
            IntakeProperties intake) {
        return new InboxLeases(jdbc, clock, LocalProcess.current(ledger.instanceId()), intake.inboxLeaseTtl());
    }

    @Bean
    InboxLeaseKeeper inboxLeaseKeeper(InboxLeases leases, PipelineProblems problems,
            ObjectProvider<MeterRegistry> meters) {
        return new InboxLeaseKeeper(leases, problems, meters);
    }
}
