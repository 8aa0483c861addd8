package io.filebridge.cluster;

import java.time.Instant;

/**
 * One running filebridge process on the ledger: a row of {@code fb_instance} (V12__cluster.sql).
 *
 * @param runId       new at every start
 * @param instanceId  its {@code filebridge.instance-id}
 * @param host        its host name
 * @param pidScope    its boot id and pid namespace, or null
 * @param pid         its process id
 * @param started     its process's start, or null
 * @param joinedAt    when it joined
 * @param heartbeatAt when it last said it is alive
 */
public record Member(String runId, String instanceId, String host, String pidScope, long pid, Instant started,
        Instant joinedAt, Instant heartbeatAt) {

    /** For log lines: who, where, last heard of when. */
    public String describe() {
        return "instance '" + instanceId + "' (host " + host + ", pid " + pid + ", last heartbeat " + heartbeatAt + ")";
    }
}
