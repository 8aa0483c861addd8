package io.filebridge.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A shared limiter's permits: a request answered soon after its permit leaves the permit as it was (no ledger write
 * on the common path); one answered late moves its permit to the answer, since the vendor may have counted it then.
 */
class SharedRateLimiterTest {

    private final List<String> restamped = new ArrayList<>();
    private final SharedRateLimits limits = new SharedRateLimits() {
        @Override
        public Take tryTake(String credential, int permits, Duration window) {
            return new Take(Instant.parse("2026-12-06T10:00:00Z"), null);
        }

        @Override
        public void restamp(String credential, Instant takenAt, Instant answeredAt) {
            restamped.add(credential + " " + takenAt + " -> " + Duration.between(takenAt, answeredAt).toMillis());
        }
    };
    private final RateLimiter limiter = limits.limiter("sendcloud:key", 30, Duration.ofMinutes(1), Sleeper.REAL);

    @Test
    void aPromptAnswerLeavesThePermitAsItWas() throws Exception {
        RateLimiter.Permit permit = limiter.acquire();
        assertThat(permit.waited()).isZero();
        permit.answered().run();
        assertThat(restamped).isEmpty();
    }

    @Test
    void aLateAnswerMovesThePermitToIt() throws Exception {
        RateLimiter.Permit permit = limiter.acquire();
        Sleeper.REAL.sleep(SharedRateLimiter.LATE.plusMillis(200)); // the request's first answer took this long
        permit.answered().run();
        assertThat(restamped).singleElement().asString().startsWith("sendcloud:key 2026-12-06T10:00:00Z -> ");
        long movedBy = Long.parseLong(restamped.get(0).replaceAll(".* -> ", ""));
        assertThat(movedBy).isGreaterThanOrEqualTo(SharedRateLimiter.LATE.plusMillis(200).toMillis());
    }
}
