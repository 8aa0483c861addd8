package io.filebridge.ops.metrics;

import java.io.File;

import io.filebridge.ops.health.DataDisks;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/**
 * {@code filebridge_disk_free_bytes{path}}: usable space on each file store that holds filebridge's own state (data
 * dir, embedded ledger, spool; see {@link DataDisks}), one gauge per store, named by the first watched path on it.
 * Read at every scrape (a statvfs call), so an alert sees a filling disk before the readiness probe turns DOWN.
 */
@Component
public class DiskMetrics implements MeterBinder {

    private final DataDisks disks;

    public DiskMetrics(DataDisks disks) {
        this.disks = disks;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (DataDisks.Watched watched : disks.oneWatchedPathPerStore().values()) {
            File place = watched.path().toFile();
            Gauge.builder("filebridge.disk.free", place, p -> DataDisks.nearestExisting(p.toPath()).toFile()
                    .getUsableSpace())
                    .description("Usable bytes on the file store of a place holding filebridge's state")
                    .baseUnit("bytes").tag("path", watched.path().toString()).strongReference(true)
                    .register(registry);
        }
    }
}
