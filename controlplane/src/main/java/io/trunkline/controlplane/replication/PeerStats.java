package io.trunkline.controlplane.replication;

/**
 * What one peer link has done since this replicator started: a plain value the control plane prints.
 *
 * @param lagMaxMillis the largest {@code now - record HLC physical time} seen when applying its records
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
    long snapshotsServed,
    long snapshotsApplied,
    long authFailures,
    long replays,
    long gaps) {
}
