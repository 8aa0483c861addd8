package io.filebridge.ledger;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code filebridge.instance-id}: who this instance is in the ledger.
 *
 * @param instanceId Names this instance in the ledger. At start, rows this instance left mid-upload (after a crash)
 *                   are marked {@code INTERRUPTED}. Blank (the default): the host name. Give each instance that shares
 *                   a database its own id.
 */
@ConfigurationProperties("filebridge")
public record LedgerSettings(String instanceId) {
}
