package io.trunkline.fastpath.worker;

import io.trunkline.store.FlowKey;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The flow keys of the sessions a worker times out, off-heap, one slot per timer: a timer's payload
 * is its slot. A stack of free slots makes claim and release O(1) with no allocation. Owned by the
 * worker thread.
 */
final class TimedSessions {
    static final int NONE = -1;

    private final MemorySegment keys;
    private final int[] free;
    private int freeCount;

    TimedSessions(Arena arena, int capacity) {
        keys = arena.allocate((long) capacity * FlowKey.SIZE, 8);
        free = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            free[i] = capacity - 1 - i;
        }
        freeCount = capacity;
    }

    /** Stores {@code key} in a free slot; returns the slot, or {@link #NONE} when all are taken. */
    int claim(FlowKey key) {
        if (freeCount == 0) {
            return NONE;
        }
        int slot = free[--freeCount];
        key.encode(keys, (long) slot * FlowKey.SIZE);
        return slot;
    }

    /** Reads the key of {@code slot} into {@code into}. */
    void read(int slot, FlowKey into) {
        into.decode(keys, (long) slot * FlowKey.SIZE);
    }

    void release(int slot) {
        free[freeCount++] = slot;
    }

    int inUse() {
        return free.length - freeCount;
    }
}
