package io.filebridge.intake;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

import io.filebridge.files.RelativePaths;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.apache.camel.component.aws2.s3.AWS2S3Endpoint;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The pipeline an S3 object came in through: its route id and its aws2-s3 consumer endpoint. Inside a Kamelet the
 * exchange's "from" is the Kamelet's own route, so the origin is the route whose aws2-s3 consumer reads the object's
 * bucket with the longest prefix the key starts with.
 */
public record S3Intake(String pipeline, AWS2S3Endpoint endpoint, String bucket, String key) {

    private static final Logger log = LoggerFactory.getLogger(S3Intake.class);

    public static boolean isS3(Exchange exchange) {
        return exchange.getIn().getHeader(AWS2S3Constants.KEY) != null
                && exchange.getIn().getHeader(AWS2S3Constants.BUCKET_NAME) != null
                && exchange.getIn().getHeader(Exchange.FILE_PATH) == null;
    }

    public static Optional<S3Intake> of(Exchange exchange) {
        if (!isS3(exchange)) {
            return Optional.empty();
        }
        String bucket = exchange.getIn().getHeader(AWS2S3Constants.BUCKET_NAME, String.class);
        String key = exchange.getIn().getHeader(AWS2S3Constants.KEY, String.class);
        if (exchange.getFromEndpoint() instanceof AWS2S3Endpoint direct && reads(direct, bucket, key)) {
            return Optional.of(new S3Intake(exchange.getFromRouteId(), direct, bucket, key));
        }
        S3Intake best = null;
        for (Route route : exchange.getContext().getRoutes()) {
            if (route.getEndpoint() instanceof AWS2S3Endpoint endpoint && reads(endpoint, bucket, key)
                    && (best == null || prefixOf(endpoint).length() > prefixOf(best.endpoint).length())) {
                best = new S3Intake(route.getRouteId(), endpoint, bucket, key);
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean reads(AWS2S3Endpoint endpoint, String bucket, String key) {
        return bucket.equals(endpoint.getConfiguration().getBucketName()) && key.startsWith(prefixOf(endpoint));
    }

    private static String prefixOf(AWS2S3Endpoint endpoint) {
        String prefix = endpoint.getConfiguration().getPrefix();
        return prefix == null ? "" : prefix;
    }

    /**
     * Removes the headers that describe the object's content (CamelAwsS3ContentLength, -Type, -MD5, -Encoding,
     * -Disposition, -Control) once the body is something else: an aws2-s3 producer later in the route would send them
     * along with the new body (a receipt), and a Content-Length of the object fails the upload.
     */
    public static void dropObjectContentHeaders(Exchange exchange) {
        exchange.getMessage().removeHeaders("CamelAwsS3Content*");
    }

    /** The key below the consumer's prefix, as untrusted text (an S3 key may contain "..", "\" or anything). */
    String keyBelowPrefix() {
        return key.substring(prefixOf(endpoint).length());
    }

    /** The relative path the pipeline reports and uses: the key below the prefix, cleaned so it leads nowhere. */
    String relativePath() {
        String clean = RelativePaths.clean(keyBelowPrefix());
        return clean.isEmpty() ? "unnamed" : clean;
    }

    /** The object's identity for the ledger ({@code fb_file.source_key}): bucket, key and ETag. */
    String sourceKey(Exchange exchange) {
        String etag = exchange.getIn().getHeader(AWS2S3Constants.E_TAG, String.class);
        return "s3:" + bucket + "/" + key + (etag == null ? "" : "#" + etag);
    }

    String name() {
        String path = relativePath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * Streams the message body (the raw S3 stream with {@code includeBody=false}, or the bytes/stream cache with
     * {@code includeBody=true}) to a new file in {@code spoolDir}; the file is deleted when the exchange completes.
     */
    Path spool(Exchange exchange, Path spoolDir) throws IOException {
        Files.createDirectories(spoolDir);
        Path spooled = Files.createTempFile(spoolDir, "s3-intake-", ".part");
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                try {
                    Files.deleteIfExists(spooled);
                } catch (IOException e) {
                    log.warn("could not delete the spooled copy {} of s3://{}/{}: {}", spooled, bucket, key,
                            e.toString());
                }
            }
        });
        Object body = exchange.getIn().getBody();
        if (body == null) {
            throw new IOException("the message has no body: set ignoreBody=false on the aws2-s3 consumer");
        }
        try (InputStream in = exchange.getIn().getMandatoryBody(InputStream.class)) {
            Files.copy(in, spooled, StandardCopyOption.REPLACE_EXISTING);
        } catch (org.apache.camel.InvalidPayloadException e) {
            throw new IOException("the S3 object body cannot be read as a stream: " + body.getClass().getName(), e);
        }
        return spooled;
    }

    /**
     * Moves the object to {@code failedPrefix + cleaned relative path} with {@code .error.json} beside it,
     * through the consumer's own S3 client: copy, report, then delete the original. If the copy or the report fails
     * the original stays where it is (it is read again on a later poll), so the object is never lost.
     */
    public String moveToFailed(String failedPrefix, byte[] report) {
        S3Client client = endpoint.getS3Client();
        String targetBucket = endpoint.getConfiguration().getDestinationBucket() != null
                && !endpoint.getConfiguration().getDestinationBucket().isBlank()
                        ? endpoint.getConfiguration().getDestinationBucket() : bucket;
        String failedKey = failedPrefix + relativePath();
        client.copyObject(r -> r.sourceBucket(bucket).sourceKey(key).destinationBucket(targetBucket)
                .destinationKey(failedKey));
        client.putObject(r -> r.bucket(targetBucket).key(failedKey + ".error.json").contentType("application/json"),
                RequestBody.fromBytes(report));
        client.deleteObject(r -> r.bucket(bucket).key(key));
        return "s3://" + targetBucket + "/" + failedKey;
    }
}
