package io.filebridge.connector;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import io.filebridge.files.Readable;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

/**
 * One HTTP attempt in flight: how far it got (request bytes written, answer begun, answer bytes read) and the time
 * limit that cuts it off: {@link HttpAttemptSettings#timeLimitFor} the bytes the attempt moves, i.e. the request's
 * length plus the answer's Content-Length once it arrives (a large download on a slow link is as legitimate as a large
 * upload), or the answer bytes read so far when the answer has no length. The limit is checked when it would run out
 * and recomputed then, so bytes that arrived meanwhile push it further without a timer per read. When it does run
 * out, the request is cancelled: HttpClient closes the connection, so a thread blocked writing to a vendor that
 * stopped reading, or reading a trickled answer, gets an I/O error at once. How far the attempt got turns that error,
 * or a read timeout, into a reason an operator can act on.
 */
final class AttemptProgress implements AutoCloseable {

    private static final String LIMIT_SETTINGS =
            "filebridge.http.attempt-timeout plus the bytes to move at filebridge.http.min-throughput";

    private final HttpAttemptSettings settings;
    private final ScheduledExecutorService scheduler;
    private final Runnable onClose;
    private final long startedAt = System.currentTimeMillis();
    private final long requestLength;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private volatile boolean requestWritten;
    private volatile boolean answerBegun;
    private volatile long answerLength = -1;

    // guarded by this
    private Cancellable request;
    private ScheduledFuture<?> expiry;
    private Duration limitThatRanOut;
    private boolean closed;

    AttemptProgress(HttpAttemptSettings settings, ScheduledExecutorService scheduler, long requestLength,
            Runnable onClose) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.requestLength = requestLength;
        this.onClose = onClose;
        this.requestWritten = requestLength == 0;
        Duration limit = limitNow();
        if (limit != null) {
            synchronized (this) {
                expiry = scheduler.schedule(this::expireOrWait, limit.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** The request HttpClient is executing for this attempt: cancelled when the limit runs out. */
    synchronized void watch(Cancellable executing) {
        this.request = executing;
        if (limitThatRanOut != null) {
            executing.cancel();
        }
    }

    /** The request body, counting what HttpClient writes of it. */
    HttpEntity counting(HttpEntity body) {
        return new HttpEntityWrapper(body) {
            @Override
            public void writeTo(OutputStream out) throws IOException {
                super.writeTo(new OutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        out.write(b);
                        sent.incrementAndGet();
                    }

                    @Override
                    public void write(byte[] bytes, int offset, int length) throws IOException {
                        out.write(bytes, offset, length);
                        sent.addAndGet(length);
                    }

                    @Override
                    public void flush() throws IOException {
                        out.flush();
                    }
                });
                requestWritten = true;
            }
        };
    }

    /** The answer's status line and headers arrived: its length is noted and its body counted as it is read. */
    ClassicHttpResponse answered(ClassicHttpResponse response) {
        requestWritten = true; // an early answer ends the upload too
        answerBegun = true;
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return response;
        }
        answerLength = entity.getContentLength();
        response.setEntity(new HttpEntityWrapper(entity) {
            @Override
            public InputStream getContent() throws IOException {
                InputStream content = super.getContent();
                return content == null ? null : new FilterInputStream(content) {
                    @Override
                    public int read() throws IOException {
                        int b = super.read();
                        if (b >= 0) {
                            received.incrementAndGet();
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] bytes, int offset, int length) throws IOException {
                        int n = super.read(bytes, offset, length);
                        if (n > 0) {
                            received.addAndGet(n);
                        }
                        return n;
                    }
                };
            }
        });
        return response;
    }

    /**
     * What the attempt's failure was: a timeout with its reason when the limit ran out (whatever error the cut
     * caused) or a read timed out, else {@code failure} itself.
     *
     * @param readTimeout the per-read timeout in force and the setting it comes from, for the reason
     */
    IOException explain(IOException failure, Duration readTimeout, String readTimeoutSetting) {
        Duration limitThen;
        synchronized (this) {
            limitThen = limitThatRanOut;
        }
        if (limitThen != null) {
            return new AttemptTimedOut(limitRanOut(limitThen), failure);
        }
        if (failure instanceof SocketTimeoutException) {
            return new AttemptTimedOut(readTimedOut(readTimeout, readTimeoutSetting), failure);
        }
        return failure;
    }

    private UnaryOperator<String> limitRanOut(Duration limitThen) {
        String limitText = "the attempt's time limit of " + Readable.duration(limitThen) + " (" + LIMIT_SETTINGS + ")";
        if (!requestWritten) {
            String progress = Readable.bytes(sent.get()) + (requestLength > 0 ? " of " + Readable.bytes(requestLength)
                    : "");
            return vendor -> vendor + " stopped reading the request: " + progress + " sent when " + limitText
                    + " ran out";
        }
        if (!answerBegun) {
            return vendor -> "no answer from " + vendor + " within " + limitText;
        }
        String progress = answerProgress();
        return vendor -> vendor + " trickled its answer: " + progress + " received when " + limitText + " ran out";
    }

    private UnaryOperator<String> readTimedOut(Duration readTimeout, String setting) {
        String waited = Readable.duration(readTimeout) + " (" + setting + ")";
        if (!answerBegun) {
            return vendor -> "no answer from " + vendor + " within " + waited;
        }
        String progress = answerProgress();
        return vendor -> vendor + " stopped sending its answer: nothing for " + waited + " after " + progress;
    }

    private String answerProgress() {
        return Readable.bytes(received.get()) + (answerLength >= 0 ? " of " + Readable.bytes(answerLength) : "");
    }

    /** The limit for the bytes known to move so far; null when the limit is off. */
    private Duration limitNow() {
        long requestBytes = Math.max(requestLength, sent.get());
        long answerBytes = Math.max(answerLength, received.get());
        return settings.timeLimitFor(requestBytes + answerBytes);
    }

    private synchronized void expireOrWait() {
        if (closed) {
            return; // the attempt ended just in time: nothing to cut
        }
        Duration limit = limitNow();
        long remaining = limit.toMillis() - (System.currentTimeMillis() - startedAt);
        if (remaining > 0) {
            expiry = scheduler.schedule(this::expireOrWait, remaining, TimeUnit.MILLISECONDS);
            return;
        }
        limitThatRanOut = limit;
        if (request != null) {
            request.cancel();
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (expiry != null) {
                expiry.cancel(false);
            }
        }
        onClose.run();
    }
}
