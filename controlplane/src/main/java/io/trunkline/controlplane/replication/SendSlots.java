package io.trunkline.controlplane.replication;

/**
 * Which send buffers of one RDMA link hold a batch the device may still be reading: a ring of
 * {@code slots} buffers, claimed in order by sends and given back in order by completions.
 * <p>
 * Only one send in {@link #SIGNAL_EVERY} asks for a completion ({@link #signaled}); since an RC queue pair
 * completes its sends in the order they were posted, the completion of send {@code n} gives back every slot
 * up to {@code n}. A ring larger than {@code SIGNAL_EVERY} always holds a signaled send when it is full, so
 * a full ring always frees up. Single-threaded: the replicator's.
 */
final class SendSlots {
    static final int SIGNAL_EVERY = 8;

    private final int mask;
    private long head;
    private long tail;

    /** @param slots a power of two, larger than {@link #SIGNAL_EVERY} */
    SendSlots(int slots) {
        if (Integer.bitCount(slots) != 1 || slots <= SIGNAL_EVERY) {
            throw new IllegalArgumentException("send slots must be a power of two above " + SIGNAL_EVERY + ": " + slots);
        }
        this.mask = slots - 1;
    }

    /** @return the slot the next send may fill, or -1 when every slot is in flight */
    int claim() {
        return head - tail > mask ? -1 : (int) (head & mask);
    }

    /** The sequence number of the next send: its work request id. */
    long nextSequence() {
        return head;
    }

    /** Whether send {@code sequence} must ask for a completion. */
    static boolean signaled(long sequence) {
        return (sequence & (SIGNAL_EVERY - 1)) == SIGNAL_EVERY - 1;
    }

    /** The claimed slot was posted. */
    void commit() {
        head++;
    }

    /** Signaled send {@code sequence} completed: it and every send before it are done. */
    void completed(long sequence) {
        if (sequence >= tail && sequence < head) {
            tail = sequence + 1;
        }
    }

    /** Sends posted and not yet known complete. */
    int inFlight() {
        return (int) (head - tail);
    }
}
