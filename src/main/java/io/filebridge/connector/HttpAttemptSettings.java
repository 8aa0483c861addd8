package io.filebridge.connector;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code filebridge.http.*}: the time limit of one HTTP attempt to a vendor, from taking a connection to the last byte
 * of the answer.
 *
 * <p>HttpClient's own timeouts bound each wait separately (connect, a pooled connection, each read), but nothing bounds
 * a whole attempt: a vendor that stops reading an upload blocks the sending thread for good (a socket write has no
 * timeout), and one that trickles its answer a byte every few seconds, or reads the upload a byte at a time, never
 * trips a read timeout. This limit cuts them off. Every setting in it is global rather than per vendor: it guards the
 * one HTTP client all vendors share, like the {@code camel.component.http} timeouts beside it, and the throughput a
 * healthy transfer reaches is a property of this host's link, not of a vendor.
 *
 * <p>The limit grows with the bytes moved, so that a large file on a slow link is never cut: {@code attempt-timeout}
 * plus the request's and the answer's size at {@code min-throughput} (see {@link AttemptProgress}). The defaults:
 * 10 min covers the waits HttpClient allows an attempt anyway (10 s connect, 60 s for a pooled connection, 300 s of
 * vendor silence) with room to spare; 16 KB/s is half of what each of four parallel uploads (the default
 * {@code concurrency}) gets from a 1 Mbit/s uplink, a margin for links that are slow and busy at once. A 2 GiB upload
 * thus gets 10 min + 36 h 24 min, while a vendor that stops reading a 1 MB upload is cut after 11 min 4 s: a long
 * bound, but a bound, and a healthy transfer never meets it.
 */
@ConfigurationProperties("filebridge.http")
public class HttpAttemptSettings {

    /**
     * The size-independent part of the time limit of one vendor HTTP attempt, which is this plus the bytes the attempt
     * moves at {@code min-throughput}. It cuts off a vendor that stops reading an upload or trickles its answer,
     * which no {@code camel.component.http} timeout does (see docs/vendors/README.md#timeouts). 0 turns the limit
     * off.
     */
    private Duration attemptTimeout = Duration.ofMinutes(10);
    /**
     * The slowest transfer, in bytes per second, that still counts as progress: the limit grows by the bytes moved at
     * this rate.
     */
    private DataSize minThroughput = DataSize.ofKilobytes(16);

    /** The limit of an attempt that moves this many bytes; null when the limit is off. */
    public Duration timeLimitFor(long bytes) {
        if (attemptTimeout.isZero() || attemptTimeout.isNegative()) {
            return null;
        }
        return attemptTimeout.plus(allowanceFor(bytes));
    }

    /** The time {@code bytes} take at {@code min-throughput}: what the limit grows by for them. */
    Duration allowanceFor(long bytes) {
        long perSecond = Math.max(1, minThroughput.toBytes());
        long counted = Math.max(0, bytes);
        return Duration.ofSeconds(counted / perSecond).plusMillis(counted % perSecond * 1000 / perSecond);
    }

    public Duration getAttemptTimeout() { return attemptTimeout; }
    public void setAttemptTimeout(Duration attemptTimeout) { this.attemptTimeout = attemptTimeout; }
    public DataSize getMinThroughput() { return minThroughput; }
    public void setMinThroughput(DataSize minThroughput) { this.minThroughput = minThroughput; }
}
