package io.trunkline.controlplane.replication;

/**
 * Moves authenticated batches between this dispatcher and its peers; the replicator neither knows nor
 * cares whether they travel over RDMA verbs or UDP. Every method is called from the replicator's thread.
 * <p>
 * A transport delivers the batches of one sender to one receiver in order, or loses them (the
 * replicator turns losses into snapshot requests); it never duplicates nor reorders them on purpose,
 * but the replicator does not rely on that.
 */
public interface ReplicationTransport extends AutoCloseable {
    /** {@link #send} accepted the batch. */
    int SENT = 0;
    /** The peer's link is full: try the same batch again later. */
    int BACK_PRESSURED = 1;
    /** The peer is not reachable now: skip it (its receiver will see a gap and ask for a snapshot). */
    int NOT_CONNECTED = 2;

    /** Receives batches polled from the transport, valid only during the call. */
    @FunctionalInterface
    interface BatchHandler {
        void onBatch(BatchBuffer buffer, int length);
    }

    /** The largest batch one send carries unfragmented, in bytes. */
    int maxBatchLength();

    /**
     * Sends the first {@code length} bytes of {@code batch} to peer number {@code peerIndex} (its index in the peer list).
     *
     * @return {@link #SENT}, {@link #BACK_PRESSURED} or {@link #NOT_CONNECTED}
     */
    int send(int peerIndex, BatchBuffer batch, int length);

    /** Hands up to {@code limit} received batches to {@code handler}. @return how many */
    int poll(BatchHandler handler, int limit);

    /** A short name for logs and stats, e.g. {@code udp}. */
    String name();

    @Override
    void close();
}
