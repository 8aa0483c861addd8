package io.filebridge.testsupport;

import java.net.URI;
import java.util.List;
import java.util.Properties;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An in-process S3 server (s3proxy with a transient in-memory store) on 127.0.0.1 and a random port, with static
 * keys, and an AWS SDK client to look at what arrived.
 */
public final class S3Server implements AutoCloseable {

    public static final String ACCESS_KEY = "filebridge-test-access";
    public static final String SECRET_KEY = "filebridgeTestSecret0123456789";
    public static final String REGION = "us-east-1";

    private final S3Proxy proxy;
    private final S3Client client;

    private S3Server(S3Proxy proxy, S3Client client) {
        this.proxy = proxy;
        this.client = client;
    }

    public static S3Server start() {
        return start(BlobStores.create("transient-nio2", new Properties()));
    }

    /** The same on a folder (s3proxy's filesystem store): for objects larger than the heap, e.g. in benchmarks. */
    public static S3Server startOnDisk(java.nio.file.Path dir) {
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("could not create " + dir, e);
        }
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", dir.toAbsolutePath().toString());
        return start(BlobStores.create("filesystem-nio2", properties));
    }

    private static S3Server start(org.gaul.s3proxy.blobstore.BlobStore store) {
        try {
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(store)
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .build();
            proxy.start();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .pollInterval(java.time.Duration.ofMillis(20)).until(() -> "STARTED".equals(proxy.getState()));
            S3Client client = S3Client.builder()
                    .endpointOverride(URI.create("http://127.0.0.1:" + proxy.getPort()))
                    .forcePathStyle(true)
                    .region(Region.of(REGION))
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                    .build();
            return new S3Server(proxy, client);
        } catch (Exception e) {
            throw new IllegalStateException("could not start s3proxy", e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    public S3Server createBucket(String bucket) {
        client.createBucket(b -> b.bucket(bucket));
        return this;
    }

    /** Every key under the prefix, sorted. */
    public List<String> keys(String bucket, String prefix) {
        return client.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).sorted().toList();
    }

    public byte[] read(String bucket, String key) {
        return client.getObject(r -> r.bucket(bucket).key(key), ResponseTransformer.toBytes()).asByteArray();
    }

    /** An aws2-s3 target URI for this server: bucket, key prefix, local endpoint, path style, static keys. */
    public String targetUri(String bucket, String prefix) {
        return "aws2-s3:" + bucket + "?" + (prefix == null || prefix.isEmpty() ? "" : "prefix=" + prefix + "&")
                + "uriEndpointOverride=" + endpoint() + "&overrideEndpoint=true&forcePathStyle=true"
                + "&region=" + REGION + "&accessKey=" + ACCESS_KEY + "&secretKey=" + SECRET_KEY;
    }

    public S3Client client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop s3proxy", e);
        }
    }
}
