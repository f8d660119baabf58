package io.trunkline.bindings.verbs;

import static io.trunkline.bindings.verbs.VerbsLayouts.IBV_SEND_WR;
import static io.trunkline.bindings.verbs.VerbsLayouts.offset;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;

/**
 * Preallocated struct ibv_send_wr chain for {@link QueuePair#postSend}; see {@link WorkRequestChain}
 * for the memory layout. Single writer: the sending thread.
 */
public final class SendWorkRequests extends WorkRequestChain {
    private static final long OPCODE = offset(IBV_SEND_WR, "opcode");
    private static final long SEND_FLAGS = offset(IBV_SEND_WR, "send_flags");

    private SendWorkRequests(Arena arena, int capacity) {
        super(arena, capacity, IBV_SEND_WR);
    }

    /** Room for {@code capacity} work requests per post, in memory of {@code arena}. */
    public static SendWorkRequests allocate(Arena arena, int capacity) {
        return new SendWorkRequests(arena, capacity);
    }

    /**
     * Fills work request {@code index}: its wr_id (returned in the completion), opcode (IBV_WR_*),
     * send_flags (IBV_SEND_*) and the one SGE over {@code length} bytes at {@code address} of the
     * memory region with {@code lkey}.
     */
    public void set(int index, long wrId, int opcode, int sendFlags, long address, int length, int lkey) {
        scatterGather(index, wrId, address, length, lkey);
        segment.set(JAVA_INT, wrOffset(index) + OPCODE, opcode);
        segment.set(JAVA_INT, wrOffset(index) + SEND_FLAGS, sendFlags);
    }
}
