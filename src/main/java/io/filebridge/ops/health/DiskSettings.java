package io.filebridge.ops.health;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code filebridge.disk.*}: when filebridge's own disks count as full ({@link DataDisks}).
 *
 * @param minFree Readiness is DOWN ({@code dataDisk}) while a disk holding the data dir, the embedded ledger or the
 *                spool has less usable space than this; {@code filebridge_disk_free_bytes} shows each disk's free
 *                space.
 */
@ConfigurationProperties("filebridge.disk")
public record DiskSettings(@DefaultValue("100MB") DataSize minFree) {
}
