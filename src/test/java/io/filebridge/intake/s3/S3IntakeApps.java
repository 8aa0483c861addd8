package io.filebridge.intake.s3;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.filebridge.FilebridgeApplication;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.testsupport.S3Server;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts whole filebridge applications running s3-intake.camel.yaml (S3 inbox/ -> Sendcloud, receipts to
 * receipts/, originals to processed/) for the tests that need more than one: restarts and several instances.
 */
public final class S3IntakeApps {

    private S3IntakeApps() {
    }

    /** One instance named {@code instanceId} on the ledger at {@code dbUrl}; {@code work} holds its spool folder. */
    static ConfigurableApplicationContext start(String instanceId, String dbUrl, String dbUser, Path work, S3Server s3,
            String bucket, SendcloudEmulator sendcloud) {
        return start(instanceId, dbUrl, dbUser, work, s3, bucket, sendcloud.apiBaseUrl());
    }

    /** The same, with Sendcloud's API at {@code sendcloudBaseUrl} (e.g. a server that only drains uploads). */
    public static ConfigurableApplicationContext start(String instanceId, String dbUrl, String dbUser, Path work,
            S3Server s3, String bucket, String sendcloudBaseUrl) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("camel.main.routes-include-pattern", "classpath:pipelines/s3-intake.camel.yaml");
        props.put("test.s3intake", s3.targetUri(bucket, "inbox/") + "&includeBody=false&autocloseBody=true"
                + "&deleteAfterRead=true&moveAfterRead=true&destinationBucket=" + bucket
                + "&destinationBucketPrefix=processed/&removePrefixOnMove=true&delay=100&maxMessagesPerPoll=5");
        props.put("test.s3receipts", s3.targetUri(bucket, null));
        props.put("filebridge.instance-id", instanceId);
        props.put("filebridge.data-dir", work.resolve(instanceId).toString());
        props.put("filebridge.tracking.spool-dir", work.resolve(instanceId).resolve("spool").toString());
        props.put("spring.datasource.url", dbUrl);
        props.put("spring.datasource.username", dbUser);
        props.put("filebridge.vendors.sendcloud.base-url", sendcloudBaseUrl);
        props.put("filebridge.vendors.sendcloud.public-key", SendcloudEmulator.PUBLIC_KEY);
        props.put("filebridge.vendors.sendcloud.secret-key", SendcloudEmulator.SECRET_KEY);
        props.put("filebridge.vendors.sendcloud.uploads-per-minute", "6000");
        props.put("filebridge.vendors.sendcloud.initial-backoff", "200ms");
        props.put("server.port", "0");
        props.put("spring.main.banner-mode", "off");
        props.put("camel.main.jmx-enabled", "false"); // two Camel contexts of one name in one JVM
        // as command-line arguments: they outrank config/application.yml, which default properties would not
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(FilebridgeApplication.class).run(args);
    }
}
