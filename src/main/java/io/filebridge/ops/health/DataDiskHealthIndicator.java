package io.filebridge.ops.health;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.filebridge.files.Readable;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * Health contributor "dataDisk" (readiness group): DOWN while a store holding filebridge's own state (see
 * {@link DataDisks}) has less usable space than {@code filebridge.disk.min-free}, with a message naming each full
 * place. A full disk fails ledger writes, spooled originals and receipts for every file, and no restart frees space,
 * so it takes the instance out of service rather than failing files one by one; liveness is not affected. Each place
 * is listed with its path, free and total bytes and the threshold.
 */
@Component("dataDisk")
public class DataDiskHealthIndicator extends AbstractHealthIndicator {

    private final DataDisks disks;

    public DataDiskHealthIndicator(DataDisks disks) {
        super("data disk check failed");
        this.disks = disks;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        long threshold = disks.minFree().toBytes();
        List<String> full = new ArrayList<>();
        Map<String, Object> places = new LinkedHashMap<>();
        for (DataDisks.Room room : disks.rooms()) {
            boolean enough = room.usable() >= threshold;
            if (!enough) {
                full.add(room.watched().role() + " (" + room.watched().path() + "): " + Readable.bytes(room.usable())
                        + " free of " + Readable.bytes(room.total()));
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("status", enough ? "UP" : "DOWN");
            details.put("path", room.watched().path().toString());
            details.put("free", room.usable());
            details.put("total", room.total());
            details.put("threshold", threshold);
            places.put(room.watched().role(), details);
        }
        if (full.isEmpty()) {
            builder.up();
        } else {
            builder.down().withDetail("message", "disk almost full, less than filebridge.disk.min-free ("
                    + Readable.bytes(threshold) + ") left: " + String.join("; ", full)
                    + ". Free space on that disk (or make it larger).");
        }
        builder.withDetails(places);
    }
}
