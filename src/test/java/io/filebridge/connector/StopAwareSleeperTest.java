package io.filebridge.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.filebridge.secrets.SecretRedactor;
import org.junit.jupiter.api.Test;

/**
 * A stop ends the waits of vendor calls at once: a retry's backoff and a wait for a rate-limit permit end with
 * {@link VendorCallStopped} (the file is handed back, not failed), while a plain wait runs its course.
 */
class StopAwareSleeperTest {

    private final StopAwareSleeper sleeper = new StopAwareSleeper();

    @Test
    void aWaitRunsItsCourseUntilTheStopThenEveryWaitEndsAtOnce() throws Exception {
        long start = System.nanoTime();
        sleeper.sleep(Duration.ofMillis(150));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));

        CompletableFuture<Throwable> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                sleeper.sleep(Duration.ofMinutes(10));
                return null;
            } catch (InterruptedException e) {
                return e;
            }
        });
        await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> !waiting.isDone());
        sleeper.stop();
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isInstanceOf(StopAwareSleeper.StopRequested.class);
        assertThatThrownBy(() -> sleeper.sleep(Duration.ofMinutes(1)))
                .isInstanceOf(StopAwareSleeper.StopRequested.class);
        assertThat(Thread.currentThread().isInterrupted()).as("a stop is not an interrupt").isFalse();
    }

    @Test
    void aRetryThatWouldWaitAMinuteIsGivenUpBeforeItIsSent() {
        VendorCallerTest.ScriptedTransport transport = new VendorCallerTest.ScriptedTransport()
                .answer(429, Map.of("Retry-After", "60"), "{\"errors\":[]}").answer(201, Map.of(), "{}");
        VendorCaller caller = new VendorCaller(transport, Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"),
                ZoneOffset.UTC), sleeper, SecretRedactor.NONE);
        CompletableFuture<Throwable> call = CompletableFuture.supplyAsync(() -> {
            try {
                caller.execute(VendorCallerTest.call("testvendor", new VendorCallerTest.TestSettings(),
                        StaticHeaderAuthenticator.basic("pub", "sec")), AttemptListener.NONE);
                return null;
            } catch (VendorCallFailed e) {
                return e;
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> transport.sent.size() == 1);
        sleeper.stop();

        Throwable failure = call.orTimeout(5, TimeUnit.SECONDS).join();
        assertThat(failure).isInstanceOf(VendorCallStopped.class).hasMessageContaining("filebridge is stopping")
                .hasMessageContaining("retry");
        assertThat(((VendorCallFailed) failure).retryable()).isTrue();
        assertThat(transport.sent).as("the retry was never sent").hasSize(1);
    }
}
