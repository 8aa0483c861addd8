package io.filebridge.ops.metrics;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code filebridge.metrics.*}: the metrics that read the ledger.
 *
 * @param ledgerRefresh The open-jobs gauges ({@code filebridge_jobs_open},
 *                      {@code filebridge_jobs_oldest_open_age_seconds}) read the ledger at most this often, however
 *                      often Prometheus scrapes.
 */
@ConfigurationProperties("filebridge.metrics")
public record MetricsSettings(@DefaultValue("10s") Duration ledgerRefresh) {
}
