package io.filebridge.ops.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.filebridge.connector.Vendor;
import io.filebridge.pipeline.PipelineVendors;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * Health contributor "vendors" (readiness group): per vendor, whether its credentials are set, which
 * pipelines use it, and its last call's outcome. DOWN only when a pipeline uses a vendor without credentials:
 * every file it takes would fail. (Start-time validation refuses such pipelines already, so this guards that rule.)
 * A vendor whose last call failed is shown, not DOWN: one refused file or a vendor hiccup must not take the instance
 * out of service, and retries are the vendor caller's job. A vendor no pipeline uses may lack credentials freely.
 */
@Component("vendors")
public class VendorsHealthIndicator extends AbstractHealthIndicator {

    private final List<Vendor> vendors;
    private final PipelineVendors pipelines;
    private final VendorLastCalls lastCalls;

    public VendorsHealthIndicator(List<Vendor> vendors, PipelineVendors pipelines,
            VendorLastCalls lastCalls) {
        super("vendor health check failed");
        this.vendors = vendors;
        this.pipelines = pipelines;
        this.lastCalls = lastCalls;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, Set<String>> usedBy = pipelines.pipelinesByVendor();
        builder.up();
        for (Vendor vendor : vendors.stream().sorted(java.util.Comparator.comparing(Vendor::id)).toList()) {
            List<String> missing = vendor.settings().missingCredentials();
            Set<String> pipelines = usedBy.getOrDefault(vendor.id(), Set.of());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("credentials", missing.isEmpty() ? "present" : "missing");
            if (!missing.isEmpty()) {
                details.put("missing", missing); // "set SENDCLOUD_SECRET_KEY ..." sentences: names, never values
            }
            details.put("usedBy", pipelines);
            lastCalls.of(vendor.id()).ifPresent(call -> details.put("lastCall", lastCall(call)));
            if (!missing.isEmpty() && !pipelines.isEmpty()) {
                builder.down();
            }
            builder.withDetail(vendor.id(), details);
        }
    }

    private static Map<String, Object> lastCall(VendorLastCalls.LastCall call) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("outcome", call.succeeded() ? "ok" : "failed");
        shown.put("httpStatus", call.httpStatus() == null ? "no answer" : call.httpStatus());
        shown.put("at", call.at().toString());
        return shown;
    }

}
