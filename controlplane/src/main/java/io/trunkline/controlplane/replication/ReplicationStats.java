package io.trunkline.controlplane.replication;

import java.util.List;

/**
 * A point-in-time copy of the replicator's counters, for the CLI, the admin API and metrics.
 *
 * @param lastDataSequence      the last data sequence this dispatcher assigned
 * @param unattributedRejects   batches dropped before a peer could be named: malformed, from an unknown
 *                              origin, or failing authentication under an origin id that is not a peer
 * @param droppedChanges        session changes the workers dropped because their sync queue was full
 */
public record ReplicationStats(
    int nodeId,
    String transport,
    Readiness readiness,
    long lastDataSequence,
    long unattributedRejects,
    long droppedChanges,
    List<PeerStats> peers) {

    /** The stats of peer {@code peerId}, or null. */
    public PeerStats peer(int peerId) {
        for (PeerStats peer : peers) {
            if (peer.peerId() == peerId) {
                return peer;
            }
        }
        return null;
    }
}
