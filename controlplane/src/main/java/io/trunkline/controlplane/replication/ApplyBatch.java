package io.trunkline.controlplane.replication;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Data records of one peer's batch bound for one {@link SessionApplier}: copies of the records
 * ({@link ReplicationRecord#LENGTH} bytes each, same layout) back to back in off-heap memory.
 * <pre>
 *  +----------------------------+----------------------------+-----+
 *  |  record 0 (96 bytes)       |  record 1                  | ... |  up to capacity records
 *  +----------------------------+----------------------------+-----+
 * </pre>
 * Pooled, never allocated on the path: the replicator takes one from the applier's free queue, fills it and
 * hands it over; the applier applies it and gives it back. Owned by one thread at a time, the queues
 * ordering the hand-offs.
 */
final class ApplyBatch {
    private final MemorySegment records;
    private final int capacity;
    private int count;
    private int peerIndex;
    private boolean live;

    ApplyBatch(int capacity) {
        this.capacity = capacity;
        this.records = Arena.ofAuto().allocate((long) capacity * ReplicationRecord.LENGTH, 64);
    }

    /**
     * Empties the batch for the records of the peer at {@code peerIndex}.
     *
     * @param live whether the replicator was READY when it routed them, so that their age counts as lag
     * @return this
     */
    ApplyBatch reset(int peerIndex, boolean live) {
        this.peerIndex = peerIndex;
        this.live = live;
        this.count = 0;
        return this;
    }

    /** Copies the record at {@code offset} of {@code source}; the caller keeps within {@link #capacity()}. */
    void add(MemorySegment source, long offset) {
        MemorySegment.copy(source, offset, records, (long) count++ * ReplicationRecord.LENGTH, ReplicationRecord.LENGTH);
    }

    int capacity() {
        return capacity;
    }

    int count() {
        return count;
    }

    int peerIndex() {
        return peerIndex;
    }

    boolean live() {
        return live;
    }

    MemorySegment records() {
        return records;
    }
}
