package io.filebridge.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.SocketException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The shared retry loop, against a scripted transport: which answers are retried, how long it waits, auth refresh. */
class VendorCallerTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
    private final List<Duration> sleeps = new ArrayList<>();
    private final ScriptedTransport transport = new ScriptedTransport();
    private final VendorCaller caller = new VendorCaller(transport, clock, sleeps::add, io.filebridge.secrets.SecretRedactor.NONE);
    private final TestSettings settings = new TestSettings();

    @Test
    void retryAfterSecondsIsHonouredThenSuccess() throws Exception {
        transport.answer(429, Map.of("Retry-After", "2"), "{\"errors\":[]}").answer(201, Map.of(), "{}");

        HttpAnswer answer = caller.execute(call(StaticHeaderAuthenticator.basic("pub", "sec")), AttemptListener.NONE);

        assertThat(answer.status()).isEqualTo(201);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
        assertThat(transport.sent).hasSize(2);
    }

    @Test
    void retryAfterHttpDateIsHonoured() throws Exception {
        transport.answer(503, Map.of("Retry-After", "Sun, 22 Nov 2026 10:00:07 GMT"), "").answer(200, Map.of(), "{}");

        caller.execute(call(StaticHeaderAuthenticator.basic("pub", "sec")), AttemptListener.NONE);

        assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void serverErrorsBackOffExponentiallyWithJitter() throws Exception {
        settings.setInitialBackoff(Duration.ofMillis(1000));
        transport.answer(500, Map.of(), "").answer(500, Map.of(), "").answer(500, Map.of(), "").answer(201, Map.of(), "{}");

        caller.execute(call(StaticHeaderAuthenticator.basic("pub", "sec")), AttemptListener.NONE);

        assertThat(sleeps).hasSize(3);
        assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
        assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(1000), Duration.ofMillis(2000));
        assertThat(sleeps.get(2)).isBetween(Duration.ofMillis(2000), Duration.ofMillis(4000));
    }

    @Test
    void droppedConnectionIsRetried() throws Exception {
        transport.fail(new SocketException("Connection reset")).answer(201, Map.of(), "{}");
        List<Integer> statuses = new ArrayList<>();

        caller.execute(call(StaticHeaderAuthenticator.basic("pub", "sec")), new AttemptListener() {
            @Override
            public void attempted(int attempt, Integer httpStatus, String detail) {
                statuses.add(httpStatus);
            }
        });

        assertThat(statuses).containsExactly(null, 201);
    }

    @Test
    void statusesThatCannotSucceedAreNotRetried() {
        for (int status : new int[] {400, 401, 403, 413, 415, 422}) {
            transport.answer(status, Map.of(), "{\"errors\":[{\"detail\":\"nope\"}]}");
            int before = transport.sent.size();

            assertThatThrownBy(() -> caller.execute(call(StaticHeaderAuthenticator.basic("pub", "sec")),
                    AttemptListener.NONE))
                    .isInstanceOfSatisfying(VendorCallFailed.class, f -> {
                        assertThat(f.httpStatus()).isEqualTo(status);
                        assertThat(f.attempts()).isEqualTo(1);
                        assertThat(f.retryable()).isFalse();
                        assertThat(f.getMessage()).contains("HTTP " + status).contains("nope");
                    });
            assertThat(transport.sent.size() - before).isEqualTo(1);
        }
        assertThat(sleeps).isEmpty();
    }

    @Test
    void givesUpAfterMaxAttempts() {
        settings.setMaxAttempts(3);
        transport.answer(502, Map.of(), "").answer(502, Map.of(), "").answer(502, Map.of(), "");

        assertThatThrownBy(() -> caller.execute(call(StaticHeaderAuthenticator.basic("pub", "sec")),
                AttemptListener.NONE))
                .isInstanceOfSatisfying(VendorCallFailed.class, f -> {
                    assertThat(f.attempts()).isEqualTo(3);
                    assertThat(f.httpStatus()).isEqualTo(502);
                });
        assertThat(transport.sent).hasSize(3);
    }

    @Test
    void aRetryAfterLongerThanAllowedFailsClearlyInsteadOfHanging() {
        settings.setMaxRetryAfter(Duration.ofMinutes(5));
        transport.answer(429, Map.of("Retry-After", "3600"), "");

        assertThatThrownBy(() -> caller.execute(call(StaticHeaderAuthenticator.basic("pub", "sec")),
                AttemptListener.NONE))
                .isInstanceOf(VendorCallFailed.class)
                .hasMessageContaining("asked to wait 3600 s");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void anExpiredTokenIsFetchedAgainOnceAfter401() throws Exception {
        List<String> issued = new ArrayList<>();
        var auth = new CachedTokenAuthenticator(() -> {
            issued.add("t" + (issued.size() + 1));
            return new AccessToken(issued.get(issued.size() - 1), clock.instant().plusSeconds(3600));
        }, clock, "client");
        transport.answer(401, Map.of(), "").answer(201, Map.of(), "{}");
        RecordingListener events = new RecordingListener();

        caller.execute(call(auth), events);

        assertThat(issued).containsExactly("t1", "t2");
        assertThat(transport.sent).extracting(c -> c.headers().get("Authorization"))
                .containsExactly("Bearer t1", "Bearer t2");
        assertThat(events.attempts).as("two requests, two attempts; the first says why it was repeated")
                .containsExactly("1 401 the token was refused: sending again once with a new token", "2 201 ok");
        assertThat(sleeps).as("a refreshed token is used at once").isEmpty();
    }

    @Test
    void theRepeatAfterATokenRefreshDoesNotUseUpARetry() throws Exception {
        settings.setMaxAttempts(2);
        List<String> issued = new ArrayList<>();
        var auth = new CachedTokenAuthenticator(() -> {
            issued.add("t" + (issued.size() + 1));
            return new AccessToken(issued.get(issued.size() - 1), clock.instant().plusSeconds(3600));
        }, clock, "client");
        transport.answer(401, Map.of(), "").answer(503, Map.of(), "").answer(201, Map.of(), "{}");
        RecordingListener events = new RecordingListener();

        caller.execute(call(auth), events);

        assertThat(events.attempts).extracting(a -> a.substring(0, 5)).containsExactly("1 401", "2 503", "3 201");
        assertThat(sleeps).hasSize(1).allSatisfy(d -> assertThat(d).isBetween(Duration.ofMillis(500),
                Duration.ofMillis(1000)));
    }

    @Test
    void aSecond401AfterRefreshFails() {
        var auth = new CachedTokenAuthenticator(() -> new AccessToken("t", clock.instant().plusSeconds(3600)), clock,
                "client");
        transport.answer(401, Map.of(), "").answer(401, Map.of(), "");

        assertThatThrownBy(() -> caller.execute(call(auth), AttemptListener.NONE))
                .isInstanceOfSatisfying(VendorCallFailed.class, f -> {
                    assertThat(f.httpStatus()).isEqualTo(401);
                    assertThat(f.attempts()).as("both requests count").isEqualTo(2);
                    assertThat(f.retryable()).isFalse();
                });
        assertThat(transport.sent).hasSize(2);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void a429WithoutRetryAfterWaitsForTheRateLimitWindowToRollOver() throws Exception {
        settings.setRequestsPerMinute(30); // Sendcloud: 30 a minute, and its 429 carries no Retry-After
        for (int i = 0; i < 4; i++) {
            transport.answer(429, Map.of(), "{\"errors\":[]}");
        }
        transport.answer(201, Map.of(), "{}");

        caller.execute(call(StaticHeaderAuthenticator.basic("pub", "sec")), AttemptListener.NONE);

        assertThat(sleeps).hasSize(4).allSatisfy(d -> assertThat(d).isBetween(Duration.ofSeconds(30),
                Duration.ofSeconds(60)));
        assertThat(sleeps.stream().reduce(Duration.ZERO, Duration::plus))
                .as("the default five attempts outlast a per-minute window").isGreaterThan(Duration.ofMinutes(1));
    }

    @Test
    void a429WithRetryAfterIsHonouredExactlyAlsoUnderARateLimit() throws Exception {
        settings.setRequestsPerMinute(30);
        transport.answer(429, Map.of("Retry-After", "3"), "").answer(201, Map.of(), "{}");

        caller.execute(call(StaticHeaderAuthenticator.basic("pub", "sec")), AttemptListener.NONE);

        assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void anUnreadableRetryAfterFallsBackToBackoff() throws Exception {
        transport.answer(503, Map.of("Retry-After", "later, please"), "").answer(201, Map.of(), "{}");

        caller.execute(call(StaticHeaderAuthenticator.basic("pub", "sec")), AttemptListener.NONE);

        assertThat(sleeps).singleElement().satisfies(d -> assertThat(d).isBetween(Duration.ofMillis(500),
                Duration.ofMillis(1000)));
    }

    @Test
    void vendorsSharingSettingsAndACredentialShareOneRateLimitWindow() throws Exception {
        settings.setRequestsPerMinute(1);
        settings.setRateLimitWindow(Duration.ofMillis(1)); // the limiter pads it to 250 ms
        Authenticator shared = StaticHeaderAuthenticator.bearer("one-phrase-token");
        TestSettings otherSettings = new TestSettings();
        otherSettings.setRequestsPerMinute(1);
        otherSettings.setRateLimitWindow(Duration.ofMillis(1));
        transport.answer(200, Map.of(), "{}").answer(200, Map.of(), "{}").answer(200, Map.of(), "{}");
        RecordingListener connectors = new RecordingListener();
        RecordingListener languageAi = new RecordingListener();
        RecordingListener elsewhere = new RecordingListener();

        caller.execute(call("phrase-connectors", settings, shared), connectors);
        caller.execute(call("phrase-language-ai", settings, shared), languageAi);
        caller.execute(call("phrase-language-ai", otherSettings, shared), elsewhere);

        assertThat(connectors.rateLimitWaits).isEmpty();
        assertThat(languageAi.rateLimitWaits).as("the second vendor waits for the first one's permit")
                .singleElement().satisfies(w -> assertThat(w).isGreaterThanOrEqualTo(Duration.ofMillis(200)));
        assertThat(elsewhere.rateLimitWaits).as("other settings, other window").isEmpty();
        assertThat(caller.limitsOf(call("phrase-connectors", settings, shared)))
                .isSameAs(caller.limitsOf(call("phrase-language-ai", settings, shared)))
                .isNotSameAs(caller.limitsOf(call("phrase-connectors", settings,
                        StaticHeaderAuthenticator.bearer("another-token"))));
    }

    @Test
    void vendorsSharingSettingsAndACredentialShareTheConcurrencyLimit() throws Exception {
        settings.setConcurrency(1);
        Authenticator shared = StaticHeaderAuthenticator.bearer("one-phrase-token");
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        HttpTransport slow = request -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
            return new HttpAnswer(200, Map.of(), "{}");
        };
        VendorCaller blocking = new VendorCaller(slow, clock, sleeps::add, io.filebridge.secrets.SecretRedactor.NONE);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            var first = pool.submit(() -> blocking.execute(call("phrase-connectors", settings, shared),
                    AttemptListener.NONE));
            await().atMost(Duration.ofSeconds(5)).until(() -> inFlight.get() == 1);
            var second = pool.submit(() -> blocking.execute(call("phrase-language-ai", settings, shared),
                    AttemptListener.NONE));
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> inFlight.get() == 1);
            release.countDown();
            first.get(5, TimeUnit.SECONDS);
            second.get(5, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(mostInFlight.get()).isEqualTo(1);
    }

    @Test
    void theTokenIsTakenAfterTheRateLimitWaitNotBeforeIt() throws Exception {
        settings.setRequestsPerMinute(1);
        settings.setRateLimitWindow(Duration.ofMillis(1)); // the second call waits (about 250 ms) for its permit
        var now = new java.util.concurrent.atomic.AtomicReference<>(clock.instant());
        Clock moving = movingClock(now);
        List<String> issued = new ArrayList<>();
        var auth = new CachedTokenAuthenticator(() -> {
            issued.add("t" + (issued.size() + 1));
            return new AccessToken(issued.get(issued.size() - 1), moving.instant().plusSeconds(60));
        }, moving, "client");
        transport.answer(201, Map.of(), "{}").answer(201, Map.of(), "{}");
        // the wait for the permit stands for a minute-long one: the token's 60 s are over by the time it ends
        AttemptListener aMinutePasses = new AttemptListener() {
            @Override
            public void rateLimited(Duration waited) {
                now.set(now.get().plusSeconds(60));
            }
        };

        caller.execute(call(auth), AttemptListener.NONE);
        caller.execute(call(auth), aMinutePasses);

        assertThat(transport.sent).extracting(c -> c.headers().get("Authorization"))
                .containsExactly("Bearer t1", "Bearer t2");
    }

    @Test
    void everyIssuedTokenAndSentCredentialIsMaskedFromItsFirstUse() throws Exception {
        var redactor = new io.filebridge.secrets.SecretRedactor(List.of(settings));
        VendorCaller masking = new VendorCaller(transport, clock, sleeps::add, redactor);
        List<String> issued = new ArrayList<>();
        var auth = new CachedTokenAuthenticator(() -> {
            issued.add("issued-token-" + (issued.size() + 1));
            return new AccessToken(issued.get(issued.size() - 1), clock.instant().plusSeconds(3600));
        }, clock, "client");
        transport.answer(401, Map.of(), "").answer(201, Map.of(), "{}")
                .answer(201, Map.of(), "{}");

        masking.execute(call(auth), AttemptListener.NONE);
        masking.execute(call(StaticHeaderAuthenticator.basic("pub", "sec")), AttemptListener.NONE);

        assertThat(issued).containsExactly("issued-token-1", "issued-token-2");
        String basic = transport.sent.get(2).headers().get("Authorization");
        assertThat(redactor.redact("sent Bearer issued-token-1, then issued-token-2, then " + basic))
                .isEqualTo("sent Bearer ***, then ***, then Basic ***");
    }

    @Test
    void tokensAreCachedUntilShortlyBeforeTheyExpire() throws Exception {
        var now = new java.util.concurrent.atomic.AtomicReference<>(clock.instant());
        Clock moving = movingClock(now);
        List<Instant> fetches = new ArrayList<>();
        var auth = new CachedTokenAuthenticator(() -> {
            fetches.add(moving.instant());
            return new AccessToken("t", moving.instant().plusSeconds(3600));
        }, moving, "client");

        auth.headers();
        now.set(now.get().plusSeconds(3500));
        auth.headers();
        now.set(now.get().plusSeconds(80)); // 20 s before expiry: inside the refresh margin
        auth.headers();

        assertThat(fetches).hasSize(2);
    }

    private VendorCall call(Authenticator auth) {
        return call("testvendor", settings, auth);
    }

    static VendorCall call(String vendor, VendorSettings settings, Authenticator auth) {
        return new VendorCall(vendor, settings, auth,
                HttpCall.post(URI.create("http://127.0.0.1:1/upload"), Map.of(), () -> null),
                a -> a.body().contains("nope") ? "nope" : "");
    }

    private static Clock movingClock(java.util.concurrent.atomic.AtomicReference<Instant> now) {
        return new Clock() {
            public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId zone) { return this; }
            public Instant instant() { return now.get(); }
        };
    }

    /** Attempts as "number status detail", and the rate-limit waits. */
    static final class RecordingListener implements AttemptListener {
        final List<String> attempts = new ArrayList<>();
        final List<Duration> rateLimitWaits = new ArrayList<>();

        @Override
        public void attempted(int attempt, Integer httpStatus, String detail) {
            attempts.add(attempt + " " + httpStatus + " " + detail);
        }

        @Override
        public void rateLimited(Duration waited) {
            rateLimitWaits.add(waited);
        }
    }

    static final class TestSettings extends VendorSettings {
        TestSettings() {
            setBaseUrl(URI.create("http://127.0.0.1:1"));
        }

        @Override
        public List<String> missingCredentials() {
            return List.of();
        }

        @Override
        public List<String> secrets() {
            return List.of();
        }

        @Override
        public List<String> credentialVariables() {
            return List.of();
        }
    }

    static final class ScriptedTransport implements HttpTransport {
        final Deque<Object> script = new ArrayDeque<>();
        final List<HttpCall> sent = new ArrayList<>();

        ScriptedTransport answer(int status, Map<String, String> headers, String body) {
            script.add(new HttpAnswer(status, headers, body));
            return this;
        }

        ScriptedTransport fail(IOException e) {
            script.add(e);
            return this;
        }

        @Override
        public HttpAnswer send(HttpCall call) throws IOException {
            sent.add(call);
            Object next = script.poll();
            if (next instanceof IOException e) {
                throw e;
            }
            if (next == null) {
                throw new AssertionError("unexpected request " + call.uri());
            }
            return (HttpAnswer) next;
        }
    }
}
