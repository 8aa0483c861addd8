package io.filebridge.vendor;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.filebridge.security.SecretRedactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Runs a vendor request the same way for every vendor: per-vendor concurrency, a per-credential rate limit on every
 * attempt (the vendor counts retries too), fresh authentication per attempt with one refresh after a 401, and retries
 * of 408/429/5xx and lost connections with backoff or {@code Retry-After}. Statuses that cannot succeed on a repeat
 * fail at once.
 */
@Component
public class VendorCaller {

    private static final Logger log = LoggerFactory.getLogger(VendorCaller.class);

    private final HttpTransport transport;
    private final Clock clock;
    private final Sleeper sleeper;
    private final SecretRedactor redactor;
    private final Map<String, Semaphore> concurrency = new ConcurrentHashMap<>();
    private final Map<String, SlidingWindowRateLimiter> rateLimits = new ConcurrentHashMap<>();
    /** Health and metrics hear every call here; looked up per call so that observers may be created later. */
    private final Supplier<Stream<VendorCallObserver>> observers;

    public VendorCaller(HttpTransport transport, Clock clock, SecretRedactor redactor) {
        this(transport, clock, Sleeper.REAL, redactor);
    }

    @Autowired
    public VendorCaller(HttpTransport transport, Clock clock, SecretRedactor redactor,
            ObjectProvider<VendorCallObserver> observers) {
        this(transport, clock, Sleeper.REAL, redactor, observers::orderedStream);
    }

    public VendorCaller(HttpTransport transport, Clock clock, Sleeper sleeper, SecretRedactor redactor) {
        this(transport, clock, sleeper, redactor, Stream::empty);
    }

    private VendorCaller(HttpTransport transport, Clock clock, Sleeper sleeper, SecretRedactor redactor,
            Supplier<Stream<VendorCallObserver>> observers) {
        this.transport = transport;
        this.clock = clock;
        this.sleeper = sleeper;
        this.redactor = redactor;
        this.observers = observers;
    }

    /**
     * Runs the call. Vendor text (error bodies, token endpoint answers) is redacted before it enters any exception
     * or log line: a vendor echoing a credential must not leak it through stack traces that Camel logs.
     */
    public HttpAnswer execute(VendorCall call, AttemptListener listener) throws VendorCallFailed {
        try {
            return run(call, observed(call.vendor(), listener));
        } catch (VendorCallFailed failed) {
            throw new VendorCallFailed(redactor.redact(failed.getMessage()), failed.httpStatus(),
                    redactor.redact(failed.vendorMessage()), failed.attempts(), failed.retryable(), failed.getCause());
        }
    }

    private HttpAnswer run(VendorCall call, AttemptListener listener) throws VendorCallFailed {
        RetryPolicy policy = new RetryPolicy(call.settings(), clock);
        boolean refreshedAfter401 = false;
        for (int attempt = 1; ; attempt++) {
            HttpAnswer answer;
            try {
                answer = attemptOnce(call, listener);
            } catch (VendorCallFailed noAnswer) {
                listener.attempted(attempt, noAnswer.httpStatus(), redactor.redact(noAnswer.getMessage()));
                if (!noAnswer.retryable() || !policy.hasAttemptsLeft(attempt)) {
                    throw noAnswer.afterAttempts(attempt);
                }
                waitBeforeRetry(call, policy, attempt, Optional.empty(), listener, noAnswer);
                continue;
            }
            listener.attempted(attempt, answer.status(),
                    answer.isSuccess() ? "ok" : redactor.redact(call.errorText().apply(answer)));
            if (answer.isSuccess()) {
                return answer;
            }
            if (answer.status() == 401 && !refreshedAfter401 && call.authenticator().invalidate(lastHeaders.get())) {
                refreshedAfter401 = true;
                attempt--; // a token refresh is not a failed attempt of the upload itself
                continue;
            }
            VendorCallFailed failure = failure(call, answer, attempt);
            if (!failure.retryable() || !policy.hasAttemptsLeft(attempt)) {
                throw failure;
            }
            waitBeforeRetry(call, policy, attempt, answer.header("Retry-After"), listener, failure);
        }
    }

    /** The caller's listener plus every observer's, in that order. */
    private AttemptListener observed(String vendor, AttemptListener listener) {
        List<AttemptListener> all = Stream.concat(Stream.of(listener),
                observers.get().map(o -> o.observe(vendor))).toList();
        if (all.size() == 1) {
            return listener;
        }
        return new AttemptListener() {
            @Override
            public void attempted(int attempt, Integer httpStatus, String detail) {
                all.forEach(l -> l.attempted(attempt, httpStatus, detail));
            }

            @Override
            public void backingOff(int nextAttempt, Duration delay) {
                all.forEach(l -> l.backingOff(nextAttempt, delay));
            }

            @Override
            public void rateLimited(Duration waited) {
                all.forEach(l -> l.rateLimited(waited));
            }
        };
    }

    /** The headers of the last attempt on this thread, to tell the authenticator which token was refused. */
    private final ThreadLocal<Map<String, String>> lastHeaders = ThreadLocal.withInitial(Map::of);

    private HttpAnswer attemptOnce(VendorCall call, AttemptListener listener) throws VendorCallFailed {
        Semaphore slots = concurrency.computeIfAbsent(call.vendor(),
                v -> new Semaphore(call.settings().getConcurrency(), true));
        try {
            slots.acquire();
            try {
                Map<String, String> auth = call.authenticator().headers();
                lastHeaders.set(auth);
                Duration waited = rateLimiter(call).map(this::acquire).orElse(Duration.ZERO);
                if (!waited.isZero()) {
                    listener.rateLimited(waited);
                }
                HttpCall request = call.request();
                for (var header : auth.entrySet()) {
                    request = request.withHeader(header.getKey(), header.getValue());
                }
                return transport.send(request);
            } finally {
                slots.release();
            }
        } catch (IOException e) {
            return rethrowAsNoAnswer(call, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VendorCallFailed("interrupted while calling " + call.vendor() + " (filebridge is stopping)",
                    null, null, 0, false, e);
        } catch (WaitInterrupted e) {
            Thread.currentThread().interrupt();
            throw new VendorCallFailed("interrupted while waiting for the " + call.vendor() + " rate limit",
                    null, null, 0, false, e);
        }
    }

    private HttpAnswer rethrowAsNoAnswer(VendorCall call, IOException e) throws VendorCallFailed {
        String what = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        throw new VendorCallFailed("no answer from " + call.vendor() + " (" + what + ")", null, null, 0, true, e);
    }

    private Optional<SlidingWindowRateLimiter> rateLimiter(VendorCall call) {
        VendorSettings s = call.settings();
        if (s.getRequestsPerMinute() <= 0) {
            return Optional.empty();
        }
        String key = call.vendor() + "/" + call.authenticator().credentialKey();
        return Optional.of(rateLimits.computeIfAbsent(key,
                k -> new SlidingWindowRateLimiter(s.getRequestsPerMinute(), s.getRateLimitWindow())));
    }

    private Duration acquire(SlidingWindowRateLimiter limiter) {
        try {
            return limiter.acquire();
        } catch (InterruptedException e) {
            throw new WaitInterrupted(e);
        }
    }

    private void waitBeforeRetry(VendorCall call, RetryPolicy policy, int attempt, Optional<String> retryAfter,
            AttemptListener listener, VendorCallFailed lastFailure) throws VendorCallFailed {
        Duration delay = policy.delayBefore(attempt + 1, retryAfter);
        if (policy.exceedsMaxRetryAfter(delay)) {
            throw new VendorCallFailed(call.vendor() + " asked to wait " + delay.toSeconds()
                    + " s before retrying, longer than max-retry-after (" + call.settings().getMaxRetryAfter()
                    .toSeconds() + " s); " + lastFailure.getMessage(), lastFailure.httpStatus(),
                    lastFailure.vendorMessage(), attempt, true, lastFailure.getCause());
        }
        log.debug("{}: attempt {} failed ({}), retrying in {} ms", call.vendor(), attempt,
                redactor.redact(lastFailure.getMessage()), delay.toMillis());
        listener.backingOff(attempt + 1, delay);
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw lastFailure.afterAttempts(attempt);
        }
    }

    private static VendorCallFailed failure(VendorCall call, HttpAnswer answer, int attempt) {
        String vendorMessage = call.errorText().apply(answer);
        boolean retryable = RetryPolicy.isRetryable(answer.status());
        String reason = call.vendor() + " answered HTTP " + answer.status()
                + (vendorMessage.isBlank() ? "" : ": " + vendorMessage);
        return new VendorCallFailed(reason, answer.status(), vendorMessage, attempt, retryable, null);
    }

    /** Carries an interrupt out of the rate-limit lambda. */
    private static final class WaitInterrupted extends RuntimeException {
        WaitInterrupted(InterruptedException cause) {
            super(cause);
        }
    }
}
