package io.filebridge.cluster;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of several instances on one ledger ({@code filebridge.cluster.*}).
 *
 * @param instanceTtl Every instance renews its heartbeat in the ledger (table {@code fb_instance}) every third of this.
 *                    One that has not renewed it for this long counts as dead: the others take over the hot-folder
 *                    files it had claimed and mark the files it left in flight INTERRUPTED. On the same host an
 *                    instance killed with {@code kill -9} is seen at once. Hosts sharing a ledger need clocks that
 *                    agree (NTP). Shorter: a dead instance's files are taken over sooner; a process frozen (or a ledger
 *                    unreachable) for longer than this may see a file it holds sent again by another instance.
 */
@ConfigurationProperties("filebridge.cluster")
public record ClusterSettings(@DefaultValue("30s") Duration instanceTtl) {
}
