package io.filebridge.ops.metrics;

import java.time.Duration;

import io.filebridge.connector.AttemptListener;
import io.filebridge.connector.VendorCallObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Vendor traffic per pipeline and vendor, heard from {@link io.filebridge.connector.VendorCaller}: every answer by HTTP
 * status ({@code filebridge_vendor_answers_total}, status {@code none} when no answer came), every retry
 * ({@code filebridge_vendor_retries_total}) and every wait for a client-side rate-limit permit
 * ({@code filebridge_vendor_rate_limit_wait_seconds}, also by {@code credential}: the fingerprint of the credential
 * whose limit was waited for, shared by every instance on one ledger). The pipeline is the one whose file is being
 * handled on this thread (the log context that FileIntakeStep and JobTracker set), or {@code none}.
 */
@Component
public class VendorCallMetrics implements VendorCallObserver {

    private final MeterRegistry registry;

    public VendorCallMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public AttemptListener observe(String vendor) {
        return observe(vendor, null);
    }

    @Override
    public AttemptListener observe(String vendor, String credential) {
        var tags = FileMetrics.tags(MDC.get("pipeline"), vendor);
        String credentialTag = credential == null || credential.isBlank() ? "none" : credential;
        return new AttemptListener() {
            @Override
            public void attempted(int attempt, Integer httpStatus, String detail) {
                Counter.builder("filebridge.vendor.answers").description("Vendor answers by HTTP status")
                        .tags(tags).tag("status", httpStatus == null ? "none" : httpStatus.toString())
                        .register(registry).increment();
            }

            @Override
            public void backingOff(int nextAttempt, Duration delay) {
                Counter.builder("filebridge.vendor.retries").description("Vendor requests repeated after a failure")
                        .tags(tags).register(registry).increment();
            }

            @Override
            public void rateLimited(Duration waited) {
                Timer.builder("filebridge.vendor.rate.limit.wait")
                        .description("Waits for the client-side rate limit before a vendor request")
                        .tags(tags).tag("credential", credentialTag).register(registry).record(waited);
            }
        };
    }
}
