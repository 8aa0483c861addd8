package io.filebridge.intake.hotfolder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import io.filebridge.FilebridgeApplication;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.testsupport.HotFolder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts whole filebridge applications running pipelines/sendcloud.camel.yaml on one hot folder and one PostgreSQL
 * ledger, as separate processes on one host would: for the tests of who consumes an inbox.
 */
final class InboxLeaseApps {

    private InboxLeaseApps() {
    }

    /** One instance; {@code name} keeps its data folder apart, {@code instanceId} is what it writes in the ledger. */
    static ConfigurableApplicationContext start(String name, String instanceId, EmbeddedPostgres postgres,
            HotFolder folder, SendcloudEmulator sendcloud, String leaseTtl) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("camel.main.routes-include-pattern", "classpath:pipelines/sendcloud.camel.yaml");
        props.put("test.inbox", folder.inbox.toString());
        props.put("test.outbox", folder.outbox.toString());
        props.put("filebridge.instance-id", instanceId);
        props.put("filebridge.data-dir", folder.root.resolve(name).toString());
        props.put("filebridge.tracking.spool-dir", folder.root.resolve(name).resolve("spool").toString());
        props.put("filebridge.intake.quiet-period", "300ms");
        props.put("filebridge.intake.inbox-lease-ttl", leaseTtl);
        props.put("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"));
        props.put("spring.datasource.username", "postgres");
        props.put("filebridge.vendors.sendcloud.base-url", sendcloud.apiBaseUrl());
        props.put("filebridge.vendors.sendcloud.public-key", SendcloudEmulator.PUBLIC_KEY);
        props.put("filebridge.vendors.sendcloud.secret-key", SendcloudEmulator.SECRET_KEY);
        props.put("filebridge.vendors.sendcloud.uploads-per-minute", "6000");
        props.put("server.port", "0");
        props.put("spring.main.banner-mode", "off");
        props.put("camel.main.jmx-enabled", "false"); // two Camel contexts of one name in one JVM
        // as command-line arguments: they outrank config/application.yml, which default properties would not
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(FilebridgeApplication.class).run(args);
    }

    /** The HTTP status of the instance's readiness probe. */
    static int readiness(ConfigurableApplicationContext app) throws Exception {
        String port = app.getEnvironment().getProperty("local.server.port");
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/health/readiness")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
