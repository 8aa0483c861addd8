package io.filebridge.translation;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code filebridge.tracking.*}: how asynchronous vendor jobs are followed. */
@ConfigurationProperties("filebridge.tracking")
public class TrackingSettings {

    /**
     * How often a young translation job's status is read; older jobs are read less often (up to ten times slower).
     */
    private Duration pollInterval = Duration.ofSeconds(30);
    /** A job not finished within this age fails (Phrase deletes job files 24 h after upload). */
    private Duration maxJobAge = Duration.ofHours(20);
    /**
     * Where originals wait until their job ends, one folder per ledger row; a failed job keeps its original here until
     * it is retried.
     */
    private Path spoolDir = Path.of("data", "spool");
    /**
     * How many looks in a row may fail to write a finished output to its target (disk full, a name too long) before
     * the output fails, with a report saying the vendor has it; its retry fetches it again from the same job.
     */
    private int deliveryAttempts = 10;

    public Duration getPollInterval() { return pollInterval; }
    public void setPollInterval(Duration pollInterval) { this.pollInterval = pollInterval; }
    public Duration getMaxJobAge() { return maxJobAge; }
    public void setMaxJobAge(Duration maxJobAge) { this.maxJobAge = maxJobAge; }
    public Path getSpoolDir() { return spoolDir; }
    public void setSpoolDir(Path spoolDir) { this.spoolDir = spoolDir; }
    public int getDeliveryAttempts() { return deliveryAttempts; }
    public void setDeliveryAttempts(int deliveryAttempts) { this.deliveryAttempts = Math.max(1, deliveryAttempts); }

    /** The pause before the next look at a job of this age: the poll interval, stretched as the job ages. */
    public Duration nextPollAfter(Duration age) {
        long hours = Math.max(0, age.toHours());
        return pollInterval.multipliedBy(Math.min(10, 1 + hours));
    }
}
