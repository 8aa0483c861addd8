package io.filebridge.pipeline;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The aws2-s3 consumer (Camel 4.18) has no in-progress repository: an object still being uploaded when the next poll
 * lists the prefix again would be taken a second time, and that exchange's commit would move the object away under
 * the first one. The first step of an S3 intake route ({@code - to: "bean:s3IntakeGuard"}) remembers which objects
 * are in flight; an object seen again while in flight ends that second exchange with rollback-only, which the
 * consumer answers by leaving the object alone. The object is forgotten when its first exchange completes, after the
 * consumer's own commit (move) or our failed-prefix move.
 */
@Component("s3IntakeGuard")
public class S3IntakeGuard implements Processor {

    private static final Logger log = LoggerFactory.getLogger(S3IntakeGuard.class);

    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    @Override
    public void process(Exchange exchange) {
        String bucket = exchange.getIn().getHeader(AWS2S3Constants.BUCKET_NAME, String.class);
        String key = exchange.getIn().getHeader(AWS2S3Constants.KEY, String.class);
        if (bucket == null || key == null) {
            throw new IllegalStateException("s3IntakeGuard belongs right after an aws2-s3 consumer"
                    + " (no CamelAwsS3BucketName/CamelAwsS3Key header on this message)");
        }
        String id = bucket + "/" + key;
        if (!inFlight.add(id)) {
            log.debug("s3://{} is still in flight; this poll leaves it alone", id);
            exchange.setRollbackOnly(true);
            return;
        }
        // added after the consumer's commit/rollback synchronization, so it runs after the move
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                inFlight.remove(id);
            }
        });
    }

    /** How many objects are in flight right now (for tests and health). */
    public int inFlight() {
        return inFlight.size();
    }
}
