package io.filebridge.intake.hotfolder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.filebridge.FilebridgeApplication;
import io.filebridge.pipeline.PipelineProblems;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.testsupport.HotFolder;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A restart after kill -9: the lease row of the killed run is still there, on this host, with a fresh heartbeat,
 * but its process is gone. The restarted instance takes the inbox at once instead of waiting out the lease ttl.
 */
class InboxLeaseRestartAfterKillTest {

    static final String PIPELINE = "sendcloud-test";
    /** Never a process id: Linux pids stop at 4194304. */
    static final long KILLED_PID = 99_999_999L;
    static final SendcloudEmulator sendcloud = new SendcloudEmulator().start();
    static final HotFolder folder = HotFolder.create("inbox-lease-kill");

    @AfterAll
    static void stopServer() {
        sendcloud.close();
    }

    @Test
    void theRestartedInstanceTakesTheLeaseOfItsKilledRunAtOnce() throws Exception {
        LocalProcess here = LocalProcess.current("host-1");
        String deadRun = UUID.randomUUID().toString();
        try (ConfigurableApplicationContext before = start()) {
            // what kill -9 of this run would leave behind: its row, never released, just renewed
            JdbcTemplate jdbc = before.getBean(JdbcTemplate.class);
            before.getBean(InboxLeaseKeeper.class).destroy();
            String inbox = "marker:" + InboxIdentity.parse(Files.readString(
                    folder.inbox.resolve(InboxIdentity.MARKER))).orElseThrow();
            jdbc.update("insert into fb_inbox_lease (inbox_id, instance_id, run_id, host, pid_scope, pid,"
                    + " process_start, pipeline, inbox_path, acquired_at, heartbeat_at)"
                    + " values (?, 'host-1', ?, ?, ?, ?, ?, ?, ?, ?, ?)", inbox, deadRun, here.host(), here.pidScope(),
                    KILLED_PID, OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5), PIPELINE,
                    folder.inbox.toString(), OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5),
                    OffsetDateTime.now(ZoneOffset.UTC));
        }

        try (ConfigurableApplicationContext after = start()) {
            assertThat(after.getBean(PipelineProblems.class).refused()).isEmpty();
            assertThat(after.getBean(CamelContext.class).getRoute(PIPELINE)).as("started without waiting 10 minutes")
                    .isNotNull();
            JdbcTemplate jdbc = after.getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForObject("select pid from fb_inbox_lease", Long.class))
                    .isEqualTo(ProcessHandle.current().pid());
            assertThat(jdbc.queryForObject("select run_id from fb_inbox_lease", String.class)).isNotEqualTo(deadRun);

            folder.drop("after restart.txt", "taken by the restarted instance");
            folder.awaitReceipt("after restart.txt");
            assertThat(sendcloud.uploads()).hasSize(1);
        }
    }

    private static ConfigurableApplicationContext start() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("camel.main.routes-include-pattern", "classpath:pipelines/sendcloud.camel.yaml");
        props.put("test.inbox", folder.inbox.toString());
        props.put("test.outbox", folder.outbox.toString());
        props.put("filebridge.instance-id", "host-1");
        props.put("filebridge.data-dir", folder.root.resolve("data").toString());
        props.put("filebridge.intake.quiet-period", "300ms");
        // far longer than the test may take: only the look at the killed pid can free the lease in time
        props.put("filebridge.intake.inbox-lease-ttl", "10m");
        props.put("spring.datasource.url", "jdbc:h2:file:" + folder.root.resolve("ledger/filebridge")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        props.put("filebridge.vendors.sendcloud.base-url", sendcloud.apiBaseUrl());
        props.put("filebridge.vendors.sendcloud.public-key", SendcloudEmulator.PUBLIC_KEY);
        props.put("filebridge.vendors.sendcloud.secret-key", SendcloudEmulator.SECRET_KEY);
        props.put("server.port", "0");
        props.put("spring.main.banner-mode", "off");
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(FilebridgeApplication.class).run(args);
    }
}
