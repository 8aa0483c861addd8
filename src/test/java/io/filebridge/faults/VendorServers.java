package io.filebridge.faults;

import java.util.List;
import java.util.Map;

import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.sandbox.phrase.PhraseEmulator;
import io.filebridge.testsupport.S3Server;

/**
 * The loopback vendors of one fault run, in the test JVM so they outlive every kill of the application: Sendcloud
 * (uploads), Phrase Language AI (translations; a job completes on its first status poll) and an S3 server. Their
 * own records (what they received, the ids they issued) are what the suite judges the application by.
 */
final class VendorServers implements AutoCloseable {

    static final String BUCKET = "faults";

    final SendcloudEmulator sendcloud = new SendcloudEmulator().start();
    final PhraseEmulator phrase = new PhraseEmulator().start();
    final S3Server s3 = S3Server.start().createBucket(BUCKET);

    VendorServers() {
        phrase.languageAi().completeAfterPolls(1);
    }

    /** Where the application finds the vendors; the limits are opened up so that the suite is not throttled. */
    List<String> applicationArguments() {
        return List.of(
                "--filebridge.vendors.sendcloud.base-url=" + sendcloud.apiBaseUrl(),
                "--filebridge.vendors.sendcloud.requests-per-minute=100000",
                "--filebridge.vendors.sendcloud.initial-backoff=200ms",
                "--filebridge.vendors.phrase.base-url=" + phrase.baseUrl(),
                "--filebridge.vendors.phrase.initial-backoff=200ms",
                "--faults.s3-intake=" + s3.targetUri(BUCKET, "inbox/") + "&includeBody=false&autocloseBody=true"
                        + "&deleteAfterRead=true&moveAfterRead=true&destinationBucket=" + BUCKET
                        + "&destinationBucketPrefix=processed/&removePrefixOnMove=true&delay=100"
                        + "&maxMessagesPerPoll=10");
    }

    /** Credentials come from the environment, as in production. */
    Map<String, String> environment() {
        return Map.of("SENDCLOUD_PUBLIC_KEY", SendcloudEmulator.PUBLIC_KEY,
                "SENDCLOUD_SECRET_KEY", SendcloudEmulator.SECRET_KEY,
                "PHRASE_API_TOKEN", PhraseEmulator.API_TOKEN);
    }

    /** Requests any vendor has seen: a measure of progress. */
    int requestCount() {
        return sendcloud.requests().size() + phrase.requests().size();
    }

    @Override
    public void close() {
        sendcloud.close();
        phrase.close();
        s3.close();
    }
}
