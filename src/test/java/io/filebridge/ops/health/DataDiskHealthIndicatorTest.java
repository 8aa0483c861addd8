package io.filebridge.ops.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.filebridge.DataDirSettings;
import io.filebridge.ops.metrics.DiskMetrics;
import io.filebridge.translation.TrackingSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.unit.DataSize;

/**
 * The data disk check against this machine's real disk, with thresholds on either side of its free space: the data
 * dir, the embedded ledger's directory and the spool are each measured, and less room than the threshold is DOWN with
 * a message naming the place.
 */
class DataDiskHealthIndicatorTest {

    @TempDir
    Path data;

    @Test
    void moreRoomThanTheThresholdIsUpWithPathFreeTotalAndThresholdOfEachPlace() throws Exception {
        Health health = new DataDiskHealthIndicator(disks(DataSize.ofBytes(1))).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsOnlyKeys("dataDir", "ledger", "spool");
        @SuppressWarnings("unchecked")
        Map<String, Object> spool = (Map<String, Object>) health.getDetails().get("spool");
        assertThat(spool).containsEntry("status", "UP").containsEntry("path", data.resolve("spool").toString())
                .containsEntry("threshold", 1L);
        assertThat((Long) spool.get("free")).isPositive().isLessThanOrEqualTo((Long) spool.get("total"));
        @SuppressWarnings("unchecked")
        Map<String, Object> ledger = (Map<String, Object>) health.getDetails().get("ledger");
        assertThat(ledger).containsEntry("path", data.resolve("ledger").toString());
    }

    @Test
    void lessRoomThanTheThresholdIsDownWithAMessageNamingEachFullPlace() throws Exception {
        long free = data.toFile().getUsableSpace();
        DataSize threshold = DataSize.ofBytes(free + DataSize.ofGigabytes(1).toBytes());

        Health health = new DataDiskHealthIndicator(disks(threshold)).health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat((String) health.getDetails().get("message"))
                .startsWith("disk almost full, less than filebridge.disk.min-free (")
                .contains("dataDir (" + data + "): ").contains("spool (" + data.resolve("spool") + "): ")
                .contains(" free of ");
        @SuppressWarnings("unchecked")
        Map<String, Object> dataDir = (Map<String, Object>) health.getDetails().get("dataDir");
        assertThat(dataDir).containsEntry("status", "DOWN").containsEntry("threshold", threshold.toBytes());
    }

    @Test
    void onlyAnH2FileLedgerIsWatched() {
        assertThat(DataDisks.h2File("jdbc:h2:file:/srv/fb/ledger/filebridge;MODE=PostgreSQL"))
                .contains(Path.of("/srv/fb/ledger/filebridge"));
        assertThat(DataDisks.h2File("jdbc:h2:/srv/fb/ledger/filebridge")).contains(Path.of("/srv/fb/ledger/filebridge"));
        assertThat(DataDisks.h2File("jdbc:h2:~/fb")).contains(Path.of(System.getProperty("user.home"), "fb"));
        assertThat(DataDisks.h2File("jdbc:h2:mem:test;DB_CLOSE_DELAY=-1")).isEmpty();
        assertThat(DataDisks.h2File("jdbc:h2:tcp://db/fb")).isEmpty();
        assertThat(DataDisks.h2File("jdbc:postgresql://db:5432/fb")).isEmpty();
    }

    @Test
    void oneFreeSpaceGaugePerStoreNamedByTheFirstPlaceOnIt() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        new DiskMetrics(disks(DataSize.ofMegabytes(100))).bindTo(registry);

        // the three places share this machine's temp disk: one gauge, under the data dir
        var gauges = registry.find("filebridge.disk.free").gauges();
        assertThat(gauges).singleElement().satisfies(gauge -> {
            assertThat(gauge.getId().getTag("path")).isEqualTo(data.toString());
            assertThat(gauge.getId().getBaseUnit()).isEqualTo("bytes");
            assertThat(gauge.value()).isPositive();
        });
    }

    private DataDisks disks(DataSize threshold) throws Exception {
        Files.createDirectories(data.resolve("ledger"));
        MockEnvironment environment = new MockEnvironment()
                .withProperty("spring.datasource.url", "jdbc:h2:file:" + data.resolve("ledger/filebridge")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        TrackingSettings tracking = new TrackingSettings();
        tracking.setSpoolDir(data.resolve("spool")); // not created yet: measured on its parent's store
        return new DataDisks(environment, new DataDirSettings(data), tracking, new DiskSettings(threshold));
    }
}
