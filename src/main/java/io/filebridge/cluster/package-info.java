/**
 * Several instances on one ledger: who is alive ({@link io.filebridge.cluster.ClusterMembers}, renewed by
 * {@link io.filebridge.cluster.ClusterHeartbeat}), which instance holds which hot-folder file
 * ({@link io.filebridge.cluster.FileClaims}), and the files a dead instance left in flight
 * ({@link io.filebridge.cluster.StaleRows}). Everything is in the ledger's database: no cluster protocol of its own and
 * no locks on the shared disk.
 */
package io.filebridge.cluster;
