package io.filebridge.intake.hotfolder;

import java.util.function.BooleanSupplier;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.apache.camel.support.DefaultPollingConsumerPollStrategy;

/**
 * The poll strategy of a leased inbox's consumer: each poll first asks whether this process's lease is fresh (renewed
 * well within the ttl), and skips the poll if not. The heartbeat stops the route once it learns the lease is lost;
 * this closes the gap before that, e.g. a JVM frozen for longer than the ttl whose consumer would otherwise poll once
 * more as it wakes up, or a ledger that cannot be written to. A strategy the route set itself still runs after it.
 */
final class InboxLeaseFence implements PollingConsumerPollStrategy {

    private final PollingConsumerPollStrategy next;
    private final BooleanSupplier leaseFresh;

    InboxLeaseFence(PollingConsumerPollStrategy next, BooleanSupplier leaseFresh) {
        this.next = next != null ? next : new DefaultPollingConsumerPollStrategy();
        this.leaseFresh = leaseFresh;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        return leaseFresh.getAsBoolean() && next.begin(consumer, endpoint);
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        next.commit(consumer, endpoint, polledMessages);
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) throws Exception {
        return next.rollback(consumer, endpoint, retryCounter, cause);
    }
}
