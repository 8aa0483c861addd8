package io.filebridge.intake.hotfolder;

import java.time.Instant;

/**
 * Who holds an inbox's lease: one row of {@code fb_inbox_lease} (see V9__inbox_lease.sql).
 *
 * @param inboxId     the inbox's identity ({@code marker:<uuid>} or {@code path:<hash>}, see {@link InboxIdentity})
 * @param instanceId  the holder's {@code filebridge.instance-id}
 * @param runId       the holder's run (new at every start)
 * @param host        the holder's host name
 * @param pidScope    the holder's boot id and pid namespace, or null
 * @param pid         the holder's process id
 * @param started     the holder process's start, or null
 * @param pipeline    the route id of the pipeline that consumes the inbox
 * @param inboxPath   the inbox's path as the holder sees it
 * @param acquiredAt  since when it holds the inbox
 * @param heartbeatAt when it last said it is alive
 */
public record InboxLeaseHolder(String inboxId, String instanceId, String runId, String host, String pidScope, long pid,
        Instant started, String pipeline, String inboxPath, Instant acquiredAt, Instant heartbeatAt) {

    /** For log lines and the readiness details: who, where, since when, last heard of when. */
    public String describe() {
        return "instance '" + instanceId + "' (host " + host + ", pid " + pid + ", pipeline '" + pipeline + "', at "
                + inboxPath + ") since " + acquiredAt + ", last heartbeat " + heartbeatAt;
    }
}
