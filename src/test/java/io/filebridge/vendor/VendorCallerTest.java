package io.filebridge.vendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.SocketException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The shared retry loop, against a scripted transport: which answers are retried, how long it waits, auth refresh. */
class VendorCallerTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
    private final List<Duration> sleeps = new ArrayList<>();
    private final ScriptedTransport transport = new ScriptedTransport();
    private final VendorCaller caller = new VendorCaller(transport, clock, sleeps::add, io.filebridge.security.SecretRedactor.NONE);
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

        caller.execute(call(auth), AttemptListener.NONE);

        assertThat(issued).containsExactly("t1", "t2");
        assertThat(transport.sent).extracting(c -> c.headers().get("Authorization"))
                .containsExactly("Bearer t1", "Bearer t2");
    }

    @Test
    void aSecond401AfterRefreshFails() {
        var auth = new CachedTokenAuthenticator(() -> new AccessToken("t", clock.instant().plusSeconds(3600)), clock,
                "client");
        transport.answer(401, Map.of(), "").answer(401, Map.of(), "");

        assertThatThrownBy(() -> caller.execute(call(auth), AttemptListener.NONE))
                .isInstanceOfSatisfying(VendorCallFailed.class, f -> assertThat(f.httpStatus()).isEqualTo(401));
        assertThat(transport.sent).hasSize(2);
    }

    @Test
    void tokensAreCachedUntilShortlyBeforeTheyExpire() throws Exception {
        var now = new java.util.concurrent.atomic.AtomicReference<>(clock.instant());
        Clock moving = new Clock() {
            public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId zone) { return this; }
            public Instant instant() { return now.get(); }
        };
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
        return new VendorCall("testvendor", settings, auth,
                HttpCall.post(URI.create("http://127.0.0.1:1/upload"), Map.of(), () -> null),
                a -> a.body().contains("nope") ? "nope" : "");
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
