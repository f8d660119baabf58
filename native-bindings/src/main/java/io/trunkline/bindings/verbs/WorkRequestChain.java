package io.trunkline.bindings.verbs;

import static io.trunkline.bindings.verbs.VerbsLayouts.IBV_SGE;
import static io.trunkline.bindings.verbs.VerbsLayouts.offset;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.util.Objects;

/**
 * Preallocated work requests of one kind (ibv_send_wr or ibv_recv_wr), each with one ibv_sge of its
 * own, in one native segment:
 *
 * <pre>
 *  0            wr              2 wr        capacity*wr   +sge   ...   +capacity*sge  +8
 *  +------------+---------------+-- ... --+--------+--------+-- ... --+--------------+
 *  | wr 0       | wr 1          |         | sge 0  | sge 1  |         | bad_wr       |
 *  +------------+---------------+-- ... --+--------+--------+-- ... --+--------------+
 *  wr i: sg_list = &amp;sge i, num_sge = 1, set once; next = &amp;wr i+1 within a posted chain, else NULL
 * </pre>
 *
 * The poster fills slots 0 .. n-1, and the post links them; nothing is allocated per post.
 * Single writer: the thread that posts.
 */
abstract sealed class WorkRequestChain permits SendWorkRequests, RecvWorkRequests {
    private static final long SGE_ADDR = offset(IBV_SGE, "addr");
    private static final long SGE_LENGTH = offset(IBV_SGE, "length");
    private static final long SGE_LKEY = offset(IBV_SGE, "lkey");

    final MemorySegment segment;
    private final int capacity;
    private final long wrSize;
    private final long sgeBase;
    private final long badSlot;
    private final long wrIdOffset;
    private final long nextOffset;

    WorkRequestChain(Arena arena, int capacity, StructLayout wr) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
        this.wrSize = wr.byteSize();
        this.sgeBase = wrSize * capacity;
        this.badSlot = sgeBase + IBV_SGE.byteSize() * capacity;
        this.segment = arena.allocate(badSlot + ADDRESS.byteSize(), wr.byteAlignment());
        this.wrIdOffset = offset(wr, "wr_id");
        this.nextOffset = offset(wr, "next");
        for (int i = 0; i < capacity; i++) {
            segment.set(JAVA_LONG, wrOffset(i) + offset(wr, "sg_list"), segment.address() + sgeOffset(i));
            segment.set(JAVA_INT, wrOffset(i) + offset(wr, "num_sge"), 1);
        }
    }

    /** How many work requests one post can carry. */
    public int capacity() {
        return capacity;
    }

    /** The whole native segment (work requests, then SGEs, then the bad_wr slot). */
    public MemorySegment segment() {
        return segment;
    }

    /** Byte offset in {@link #segment()} of work request {@code index}. */
    public long wrOffset(int index) {
        return wrSize * index;
    }

    /** Byte offset in {@link #segment()} of the ibv_sge of work request {@code index}. */
    public long sgeOffset(int index) {
        return sgeBase + IBV_SGE.byteSize() * index;
    }

    /** After a failed post: the index of the first work request not posted, or -1 when the provider named none. */
    public int failedIndex() {
        long bad = segment.get(JAVA_LONG, badSlot);
        return bad == 0 ? -1 : (int) ((bad - segment.address()) / wrSize);
    }

    void scatterGather(int index, long wrId, long address, int length, int lkey) {
        Objects.checkIndex(index, capacity);
        segment.set(JAVA_LONG, wrOffset(index) + wrIdOffset, wrId);
        long sge = sgeOffset(index);
        segment.set(JAVA_LONG, sge + SGE_ADDR, address);
        segment.set(JAVA_INT, sge + SGE_LENGTH, length);
        segment.set(JAVA_INT, sge + SGE_LKEY, lkey);
    }

    /** Links work requests 0 .. count-1, ends the chain there and clears bad_wr; returns the address of the first. */
    long chain(int count) {
        Objects.checkIndex(count - 1, capacity);
        long base = segment.address();
        for (int i = 0; i < count - 1; i++) {
            segment.set(JAVA_LONG, wrOffset(i) + nextOffset, base + wrOffset(i + 1));
        }
        segment.set(JAVA_LONG, wrOffset(count - 1) + nextOffset, 0L);
        segment.set(JAVA_LONG, badSlot, 0L);
        return base;
    }

    long badRequestSlot() {
        return segment.address() + badSlot;
    }
}
