package io.filebridge.connector;

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

import io.filebridge.ledger.RatePermits;
import io.filebridge.secrets.SecretRedactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Runs a vendor request the same way for every vendor: a concurrency limit and a rate limit per credential on every
 * attempt (the vendor counts retries too), fresh authentication per attempt with one refresh after a 401, and retries
 * of 408/425/429/5xx and lost connections with backoff or {@code Retry-After}. Statuses that cannot succeed on a
 * repeat fail at once.
 *
 * <p>Both limits belong to a credential, i.e. to one settings object and the credential its authenticator holds, not
 * to a vendor id: vendors that share settings and a credential (Phrase Connectors and Phrase Language AI) are one
 * account to the vendor, which counts their requests together. The concurrency limit follows the same key because the
 * {@code concurrency} setting lives in those shared settings, and a vendor that limits parallel requests does so per
 * account too.
 *
 * <p>Every request the vendor receives is an attempt, numbered in order, the one repeat after a token refresh
 * included; the attempt that was refused with 401 says so in its detail. That repeat does not use up one of
 * {@code max-attempts}, which bounds the retries of failures.
 */
@Component
public class VendorCaller {

    private static final Logger log = LoggerFactory.getLogger(VendorCaller.class);

    private final HttpTransport transport;
    private final Clock clock;
    private final Sleeper sleeper;
    private final SecretRedactor redactor;
    private final Map<Credential, Limits> limits = new ConcurrentHashMap<>();
    /** Health and metrics hear every call here; looked up per call so that observers may be created later. */
    private final Supplier<Stream<VendorCallObserver>> observers;
    /** Where request budgets are counted for the whole cluster; null: in memory, per instance. */
    private final Supplier<SharedRateLimits> sharedLimits;

    public VendorCaller(HttpTransport transport, Clock clock, SecretRedactor redactor) {
        this(transport, clock, Sleeper.REAL, redactor);
    }

    /** The application's: its waits end when the application stops ({@link StopAwareSleeper}). */
    @Autowired
    public VendorCaller(HttpTransport transport, Clock clock, StopAwareSleeper sleeper, SecretRedactor redactor,
            ObjectProvider<VendorCallObserver> observers, ObjectProvider<RatePermits> ledgerPermits) {
        this(transport, clock, sleeper, redactor, observers::orderedStream, () -> {
            RatePermits permits = ledgerPermits.getIfAvailable();
            return permits == null ? null : new LedgerRateLimits(permits);
        });
    }

    public VendorCaller(HttpTransport transport, Clock clock, Sleeper sleeper, SecretRedactor redactor) {
        this(transport, clock, sleeper, redactor, Stream::empty, () -> null);
    }

    private VendorCaller(HttpTransport transport, Clock clock, Sleeper sleeper, SecretRedactor redactor,
            Supplier<Stream<VendorCallObserver>> observers, Supplier<SharedRateLimits> sharedLimits) {
        this.transport = transport;
        this.clock = clock;
        this.sleeper = sleeper;
        this.redactor = redactor;
        this.observers = observers;
        this.sharedLimits = sharedLimits;
    }

    /**
     * Runs the call. Vendor text (error bodies, token endpoint answers) is redacted before it enters any exception
     * or log line: a vendor echoing a credential must not leak it through stack traces that Camel logs.
     */
    public HttpAnswer execute(VendorCall call, AttemptListener listener) throws VendorCallFailed {
        try {
            return run(call, observed(call.vendor(), call.authenticator().credentialKey(), listener));
        } catch (VendorCallStopped stopped) {
            throw stopped; // its text is filebridge's, with the last failure already redacted
        } catch (VendorCallFailed failed) {
            throw new VendorCallFailed(redactor.redact(failed.getMessage()), failed.httpStatus(),
                    redactor.redact(failed.vendorMessage()), failed.attempts(), failed.retryable(), failed.getCause());
        }
    }

    private HttpAnswer run(VendorCall call, AttemptListener listener) throws VendorCallFailed {
        RetryPolicy policy = new RetryPolicy(call.settings(), clock);
        Limits limits = limitsOf(call);
        boolean refreshedAfter401 = false;
        for (int attempt = 1; ; attempt++) {
            // the repeat after a token refresh is a request, so it has its own number, but not a retry of a failure
            int countedAttempts = refreshedAfter401 ? attempt - 1 : attempt;
            HttpAnswer answer;
            try {
                answer = attemptOnce(call, limits, listener);
            } catch (VendorCallFailed noAnswer) {
                listener.attempted(attempt, noAnswer.httpStatus(), redactor.redact(noAnswer.getMessage()));
                if (!noAnswer.retryable() || !policy.hasAttemptsLeft(countedAttempts)) {
                    throw noAnswer.afterAttempts(attempt);
                }
                waitBeforeRetry(call, policy, attempt, countedAttempts, null, Optional.empty(), listener, noAnswer);
                continue;
            }
            if (answer.isSuccess()) {
                listener.attempted(attempt, answer.status(), "ok");
                return answer;
            }
            String errorText = redactor.redact(call.errorText().apply(answer));
            if (answer.status() == 401 && !refreshedAfter401 && call.authenticator().invalidate(lastHeaders.get())) {
                refreshedAfter401 = true;
                listener.attempted(attempt, answer.status(), (errorText.isBlank() ? "" : errorText + "; ")
                        + "the token was refused: sending again once with a new token");
                continue;
            }
            listener.attempted(attempt, answer.status(), errorText);
            VendorCallFailed failure = failure(call, answer, attempt);
            if (!failure.retryable() || !policy.hasAttemptsLeft(countedAttempts)) {
                throw failure;
            }
            waitBeforeRetry(call, policy, attempt, countedAttempts, answer.status(), answer.header("Retry-After"),
                    listener, failure);
        }
    }

    /** The caller's listener plus every observer's, in that order. */
    private AttemptListener observed(String vendor, String credential, AttemptListener listener) {
        List<AttemptListener> all = Stream.concat(Stream.of(listener),
                observers.get().map(o -> o.observe(vendor, credential))).toList();
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

    private HttpAnswer attemptOnce(VendorCall call, Limits limits, AttemptListener listener) throws VendorCallFailed {
        try {
            limits.slots().acquire();
            RateLimiter.Permit permit = null;
            try {
                permit = limits.rate().map(this::acquire).orElse(null);
                if (permit != null && !permit.waited().isZero()) {
                    listener.rateLimited(permit.waited());
                }
                call.authenticator().tokenRequestCredentials().forEach(redactor::remember); // before a token request
                // only now: the permit may have taken up to a window, longer than a cached token's refresh margin
                Map<String, String> auth = call.authenticator().headers();
                auth.values().forEach(this::maskInLogs);
                lastHeaders.set(auth);
                HttpCall request = call.request();
                for (var header : auth.entrySet()) {
                    request = request.withHeader(header.getKey(), header.getValue());
                }
                return transport.send(request);
            } finally {
                if (permit != null) {
                    permit.answered().run();
                }
                limits.slots().release();
            }
        } catch (IOException e) {
            return rethrowAsNoAnswer(call, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VendorCallFailed("interrupted while calling " + call.vendor() + " (filebridge is stopping)",
                    null, null, 0, false, e);
        } catch (WaitInterrupted e) {
            if (e.getCause() instanceof StopAwareSleeper.StopRequested) {
                throw new VendorCallStopped(call.vendor(), "a permit of its rate limit", 0, e.getCause());
            }
            Thread.currentThread().interrupt();
            throw new VendorCallFailed("interrupted while waiting for the " + call.vendor() + " rate limit",
                    null, null, 0, false, e);
        }
    }

    /**
     * Credential headers are secrets even when nobody configured them as such: a token an authenticator obtained
     * minutes ago, or a Basic pair in its encoded form. The credential (after the scheme, as in
     * {@code Bearer <token>}, else the whole value) is masked wherever text leaves the process, logs included; the
     * scheme stays readable.
     */
    private void maskInLogs(String headerValue) {
        int space = headerValue.indexOf(' ');
        redactor.remember(space > 0 ? headerValue.substring(space + 1).strip() : headerValue);
    }

    private HttpAnswer rethrowAsNoAnswer(VendorCall call, IOException e) throws VendorCallFailed {
        if (e instanceof AttemptTimedOut timedOut) {
            throw new VendorCallFailed(timedOut.reason(call.vendor()), null, null, 0, true, e);
        }
        String what = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        throw new VendorCallFailed("no answer from " + call.vendor() + " (" + what + ")", null, null, 0, true, e);
    }

    /** The limits of the call's credential, made on its first call. */
    Limits limitsOf(VendorCall call) {
        VendorSettings s = call.settings();
        return limits.computeIfAbsent(new Credential(s, call.authenticator().credentialKey()),
                k -> new Limits(new Semaphore(s.getConcurrency(), true), s.getRequestsPerMinute() <= 0
                        ? Optional.empty() : Optional.of(rateLimiter(call.vendor(), k.key(), s))));
    }

    /**
     * On the ledger's database when there is one, so that the limit holds for all instances together; requests in
     * flight ({@code concurrency}) stay counted per instance.
     */
    private RateLimiter rateLimiter(String vendor, String credentialKey, VendorSettings s) {
        SharedRateLimits shared = sharedLimits.get();
        return shared == null ? new SlidingWindowRateLimiter(s.getRequestsPerMinute(), s.getRateLimitWindow())
                : shared.limiter(vendor + ":" + credentialKey, s.getRequestsPerMinute(), s.getRateLimitWindow(),
                        sleeper);
    }

    private RateLimiter.Permit acquire(RateLimiter limiter) {
        try {
            return limiter.acquire();
        } catch (InterruptedException e) {
            throw new WaitInterrupted(e);
        }
    }

    /**
     * @param attempt        the number of the attempt that failed
     * @param countedAttempts the attempts that count towards max-attempts and the backoff (the repeat after a token
     *                       refresh does not)
     */
    private void waitBeforeRetry(VendorCall call, RetryPolicy policy, int attempt, int countedAttempts,
            Integer httpStatus, Optional<String> retryAfter, AttemptListener listener, VendorCallFailed lastFailure)
            throws VendorCallFailed {
        Duration delay = policy.delayBefore(countedAttempts + 1, httpStatus, retryAfter);
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
        } catch (StopAwareSleeper.StopRequested e) {
            throw new VendorCallStopped(call.vendor(), "its retry (after: " + redactor.redact(lastFailure.getMessage())
                    + ")", attempt, e);
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

    /**
     * Whose limits a call counts against. Settings are compared by identity (VendorSettings defines no equals): one
     * settings bean is one vendor configuration, however many vendor ids use it.
     */
    record Credential(VendorSettings settings, String key) {
    }

    /** A credential's requests in flight, and its rate limit when one is configured. */
    record Limits(Semaphore slots, Optional<RateLimiter> rate) {
    }

    /** Carries an interrupt out of the rate-limit lambda. */
    private static final class WaitInterrupted extends RuntimeException {
        WaitInterrupted(InterruptedException cause) {
            super(cause);
        }
    }
}
