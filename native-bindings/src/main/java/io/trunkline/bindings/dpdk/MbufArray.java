package io.trunkline.bindings.dpdk;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A native array of {@code struct rte_mbuf *}, the vector rx/tx burst fill and drain. Allocated once
 * per worker and reused for every burst.
 */
public final class MbufArray {
    private final MemorySegment pointers;
    private final int capacity;

    public MbufArray(Arena arena, int capacity) {
        this.pointers = arena.allocate(ADDRESS, capacity);
        this.capacity = capacity;
    }

    public int capacity() {
        return capacity;
    }

    /** Address of the mbuf in slot {@code i}. */
    public long get(int i) {
        return pointers.getAtIndex(JAVA_LONG, i);
    }

    public void set(int i, long mbuf) {
        pointers.setAtIndex(JAVA_LONG, i, mbuf);
    }

    /** The native array, for the burst calls. */
    public MemorySegment segment() {
        return pointers;
    }

    /** Native address of slot {@code i}, to pass a tail of the array to a burst call. */
    public long slotAddress(int i) {
        return pointers.address() + (long) i * ADDRESS.byteSize();
    }
}
