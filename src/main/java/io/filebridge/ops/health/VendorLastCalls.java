package io.filebridge.ops.health;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.filebridge.connector.AttemptListener;
import io.filebridge.connector.VendorCallObserver;
import org.springframework.stereotype.Component;

/**
 * The outcome of the last attempt against each vendor, for the "vendors" health details: only the HTTP status (or
 * that no answer came) and when. Never the vendor's text, which may echo anything, nor any credential.
 */
@Component
public class VendorLastCalls implements VendorCallObserver {

    /** One attempt's outcome: {@code httpStatus} is null when no answer came (connection refused, timeout). */
    public record LastCall(Integer httpStatus, Instant at) {

        public boolean succeeded() {
            return httpStatus != null && httpStatus >= 200 && httpStatus < 300;
        }
    }

    private final Map<String, LastCall> last = new ConcurrentHashMap<>();
    private final Clock clock;

    public VendorLastCalls(Clock clock) {
        this.clock = clock;
    }

    @Override
    public AttemptListener observe(String vendor) {
        return new AttemptListener() {
            @Override
            public void attempted(int attempt, Integer httpStatus, String detail) {
                last.put(vendor, new LastCall(httpStatus, clock.instant()));
            }
        };
    }

    public Optional<LastCall> of(String vendor) {
        return Optional.ofNullable(last.get(vendor));
    }
}
