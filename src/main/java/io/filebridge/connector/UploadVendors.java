package io.filebridge.connector;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.stereotype.Component;

/** Every upload vendor filebridge knows, by id. */
@Component
public class UploadVendors {

    private final Map<String, UploadVendor> byId = new TreeMap<>();

    public UploadVendors(List<UploadVendor> vendors) {
        vendors.forEach(v -> byId.put(v.id(), v));
    }

    public Optional<UploadVendor> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public UploadVendor require(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException(
                "unknown vendor '" + id + "' (known: " + String.join(", ", byId.keySet()) + ")"));
    }

    public Set<String> ids() {
        return byId.keySet();
    }
}
