package io.trunkline.controlplane.replication;

/**
 * What one peer link has done since this replicator started: a plain value the control plane prints.
 *
 * @param lagMaxMillis  the largest {@code now - record HLC physical time} seen when applying its records while this
 *                      dispatcher was READY (what a joining dispatcher applies before its snapshot is catch-up, not lag)
 * @param lagLastMillis the same for the last batch of its records applied: the lag now, where {@code lagMaxMillis}
 *                      keeps the worst since start
 */
public record PeerStats(
    int peerId,
    PeerState state,
    Readiness readiness,
    long recordsSent,
    long recordsReceived,
    long recordsApplied,
    long batchesSent,
    long batchesReceived,
    long bytesSent,
    long bytesReceived,
    long lagMaxMillis,
    long lagLastMillis,
    long snapshotsServed,
    long snapshotsApplied,
    long authFailures,
    long replays,
    long gaps) {
}
