package io.filebridge.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import io.filebridge.ledger.FileState;
import io.filebridge.ledger.Ledger;
import io.filebridge.ledger.LedgerConfiguration;
import io.filebridge.ledger.LedgerContractTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The Spring wiring, without the whole application: Boot's DataSource, Flyway and JdbcTemplate auto-configuration
 * plus the ledger and cluster beans. Checks the startup sweep runs after Flyway and before any other Lifecycle bean
 * (Camel) starts, that the instance has joined by then, and that it leaves when the context closes.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClusterStartTest {

    private static final String URL = "jdbc:h2:mem:ledger-config;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
                    JdbcTemplateAutoConfiguration.class))
            .withUserConfiguration(LedgerConfiguration.class, Ledger.class, ClusterConfiguration.class)
            .withPropertyValues("spring.datasource.url=" + URL, "filebridge.instance-id=node-x");

    @Test
    void startupMarksThisInstancesStaleRowsAndJoinsBeforeLifecycleBeansStart(CapturedOutput output) {
        long stale;
        long othersRow;
        try (HikariDataSource ds = LedgerContractTest.pool(URL, "sa", "")) {
            LedgerContractTest.migrate(ds); // as a previous run of the application would have left it
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            jdbc.update("delete from fb_event");
            jdbc.update("delete from fb_file");
            Clock clock = Clock.systemUTC();
            stale = new Ledger(jdbc, clock, "node-x").receive(LedgerContractTest.file("invoices", "c".repeat(64))).id();
            othersRow = new Ledger(jdbc, clock, "node-y").receive(LedgerContractTest.file("invoices", "d".repeat(64))).id();
        }

        AtomicReference<String> seenAtLifecycleStart = new AtomicReference<>();
        AtomicReference<Integer> membersAtLifecycleStart = new AtomicReference<>();
        JdbcTemplate probe = new JdbcTemplate(new DriverManagerDataSource(URL, "sa", ""));
        runner.withBean("camelStandIn", SmartLifecycle.class, () -> new StartProbe(() -> {
            seenAtLifecycleStart.set(probe.queryForObject("select state from fb_file where id = ?", String.class,
                    stale));
            membersAtLifecycleStart.set(probe.queryForObject("select count(*) from fb_instance where instance_id ="
                    + " 'node-x'", Integer.class));
        })).run(context -> {
            assertThat(context).hasNotFailed();
            Ledger ledger = context.getBean(Ledger.class);
            assertThat(ledger.instanceId()).isEqualTo("node-x");
            assertThat(seenAtLifecycleStart).hasValue("INTERRUPTED");
            assertThat(membersAtLifecycleStart).hasValue(1);
            assertThat(ledger.find(stale).orElseThrow().state()).isEqualTo(FileState.INTERRUPTED);
            assertThat(ledger.find(othersRow).orElseThrow().state()).isEqualTo(FileState.RECEIVED);
            assertThat(context.getBean(Clock.class)).isEqualTo(Clock.systemUTC());
        });
        assertThat(output).contains("marked 1 file(s) of instance 'node-x' INTERRUPTED");
        assertThat(probe.queryForObject("select count(*) from fb_instance", Integer.class))
                .as("a closed context has left the ledger's instances").isZero();
    }

    @Test
    void anApplicationClockIsKept() {
        Clock fixed = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        runner.withBean(Clock.class, () -> fixed).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).getBean(Clock.class).isSameAs(fixed);
        });
    }

    /** Stands in for the Camel context: a Lifecycle bean that runs a check when it starts. */
    private static final class StartProbe implements SmartLifecycle {
        private final Runnable onStart;
        private volatile boolean running;

        StartProbe(Runnable onStart) {
            this.onStart = onStart;
        }

        @Override
        public void start() {
            onStart.run();
            running = true;
        }

        @Override
        public void stop() {
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }
    }
}
