package io.trunkline.controlplane.replication;

/**
 * The replicator's view of one peer: membership, its streams' windows, and the control outbox to it.
 * Replicator thread only, except {@link #state} and {@link #readiness} which stats read.
 */
final class Peer implements AutoCloseable {
    final PeerEndpoint endpoint;
    final int index;
    final PeerCounters counters = new PeerCounters();
    final SequenceWindow dataWindow = new SequenceWindow();
    final SequenceWindow controlWindow = new SequenceWindow();
    volatile PeerState state = PeerState.UNKNOWN;
    volatile Readiness readiness = Readiness.JOINING;
    long lastHeardNs;

    /** Control batch being filled for this peer; sealed once signed, until the transport took it. */
    final BatchBuffer outbox;
    int outboxCount;
    int outboxLength;
    boolean outboxSealed;
    long nextControlSequence = 1;
    /** Last data sequence that was sent to this peer or given up on: what its heartbeat tells. */
    long dataResolvedSequence;
    /** Snapshot id this peer asked for and has not been served yet; 0 for none. */
    long requestedSnapshotId;
    /** Its incarnation as last seen, to notice a restart; {@link Long#MIN_VALUE} before first contact. */
    long knownIncarnation = Long.MIN_VALUE;

    Peer(PeerEndpoint endpoint, int index, int maxBatchLength) {
        this.endpoint = endpoint;
        this.index = index;
        this.outbox = new BatchBuffer(maxBatchLength);
    }

    int id() {
        return endpoint.id();
    }

    boolean isUp() {
        return state == PeerState.UP;
    }

    @Override
    public void close() {
        outbox.close();
    }
}
