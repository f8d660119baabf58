package io.trunkline.bindings.dpdk;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A native array of {@code struct rte_mbuf *}, the vector rx/tx burst fill and drain. Allocated once
 * per worker and reused for every burst.
 * <p>
 * Slots are read and written through the all-of-memory segment at their absolute address, as the mbufs
 * themselves are: an index within {@link #capacity} is the caller's contract (a burst never exceeds the
 * array it was given), and a constant segment leaves the JIT no bounds or liveness check to make on the
 * two accesses every packet pays. The array must not be used after its arena is closed.
 */
public final class MbufArray {
    private static final MemorySegment MEMORY = Dpdk.MEMORY;

    private final MemorySegment pointers;
    private final long address;
    private final int capacity;

    public MbufArray(Arena arena, int capacity) {
        this.pointers = arena.allocate(ADDRESS, capacity);
        this.address = pointers.address();
        this.capacity = capacity;
    }

    public int capacity() {
        return capacity;
    }

    /** Address of the mbuf in slot {@code i}. */
    public long get(int i) {
        return MEMORY.get(JAVA_LONG, address + (long) i * Long.BYTES);
    }

    public void set(int i, long mbuf) {
        MEMORY.set(JAVA_LONG, address + (long) i * Long.BYTES, mbuf);
    }

    /** The native array, for the burst calls. */
    public MemorySegment segment() {
        return pointers;
    }

    /** Native address of slot {@code i}, to pass a tail of the array to a burst call. */
    public long slotAddress(int i) {
        return address + (long) i * Long.BYTES;
    }
}
