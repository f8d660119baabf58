package io.trunkline.bindings.verbs;

import static io.trunkline.bindings.verbs.VerbsLayouts.IBV_RECV_WR;

import java.lang.foreign.Arena;

/**
 * Preallocated struct ibv_recv_wr chain for {@link QueuePair#postRecv}; see {@link WorkRequestChain}
 * for the memory layout. Single writer: the receiving thread.
 */
public final class RecvWorkRequests extends WorkRequestChain {

    private RecvWorkRequests(Arena arena, int capacity) {
        super(arena, capacity, IBV_RECV_WR);
    }

    /** Room for {@code capacity} work requests per post, in memory of {@code arena}. */
    public static RecvWorkRequests allocate(Arena arena, int capacity) {
        return new RecvWorkRequests(arena, capacity);
    }

    /**
     * Fills work request {@code index}: its wr_id (returned in the completion) and the one SGE, the
     * buffer of {@code length} bytes at {@code address} of the region with {@code lkey} that one
     * incoming SEND may fill.
     */
    public void set(int index, long wrId, long address, int length, int lkey) {
        scatterGather(index, wrId, address, length, lkey);
    }
}
