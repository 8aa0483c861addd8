package io.filebridge.ops.api;

import java.time.Instant;
import java.util.List;

/**
 * The cluster as GET /api/cluster shows it (see the /api contract): every instance on the ledger and the hot-folder
 * files held now, whichever instance answers.
 *
 * @param instances   every instance with a row in the ledger, this one first, then by instance id
 * @param claims      the files held now, oldest claim first, at most {@link Cluster#CLAIMS_SHOWN}
 * @param claimsTotal how many files are held in all
 */
public record ClusterView(List<Instance> instances, List<Claim> claims, int claimsTotal) {

    /**
     * One instance.
     *
     * @param self        true for the instance that answered
     * @param alive       false once its heartbeat is older than {@code filebridge.cluster.instance-ttl} (or, on the
     *                    answering host, its process is gone)
     * @param dead        why it counts as dead; null while alive
     * @param filesHeld   hot-folder files it holds now
     */
    public record Instance(String instanceId, String runId, String host, long pid, Instant joinedAt,
            Instant heartbeatAt, boolean self, boolean alive, String dead, int filesHeld) {
    }

    /** One held file: its pipeline, its path in the inbox, who holds it since when. */
    public record Claim(String pipeline, String path, String instanceId, String runId, Instant claimedAt) {
    }
}
