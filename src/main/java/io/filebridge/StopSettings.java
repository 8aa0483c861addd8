package io.filebridge;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code filebridge.stop.*}: how filebridge stops ({@link GracefulStop}).
 *
 * @param gracePeriod How long a stop (SIGTERM: a rolling update, a scale-down, Ctrl-C) may take. Readiness goes down
 *                    and no new file is taken at once; a file waiting to retry a vendor's refusal or for a permit of
 *                    its rate limit is handed back to its intake at once (taken again at the next start, by this
 *                    instance or another); uploads and ledger writes under way are finished for up to this long; then
 *                    the instance leaves the cluster, releasing its files. Keep it below the platform's deadline for a
 *                    stop (Kubernetes {@code terminationGracePeriodSeconds}, 30 s unless set). It is also Spring's
 *                    {@code spring.lifecycle.timeout-per-shutdown-phase} in config/application.yml.
 */
@ConfigurationProperties("filebridge.stop")
public record StopSettings(@DefaultValue("25s") Duration gracePeriod) {
}
