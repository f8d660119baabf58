package io.trunkline.bindings.verbs;

import static io.trunkline.bindings.verbs.VerbsLayouts.IBV_WC;
import static io.trunkline.bindings.verbs.VerbsLayouts.offset;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Preallocated array of struct ibv_wc that {@link CompletionQueue#poll} fills, read in place:
 *
 * <pre>
 *  0        8        12       16           20         24        28       32             48
 *  +--------+--------+--------+------------+----------+---------+--------+-- ... -------+
 *  | wr_id  | status | opcode | vendor_err | byte_len | imm     | qp_num | src_qp, ...  |  x capacity
 *  +--------+--------+--------+------------+----------+---------+--------+-- ... -------+
 * </pre>
 *
 * Only wr_id and status are valid in a completion whose status is not IBV_WC_SUCCESS. Single
 * reader: the polling thread.
 */
public final class WorkCompletions {
    private static final long SIZE = IBV_WC.byteSize();
    private static final long WR_ID = offset(IBV_WC, "wr_id");
    private static final long STATUS = offset(IBV_WC, "status");
    private static final long OPCODE = offset(IBV_WC, "opcode");
    private static final long VENDOR_ERR = offset(IBV_WC, "vendor_err");
    private static final long BYTE_LEN = offset(IBV_WC, "byte_len");
    private static final long QP_NUM = offset(IBV_WC, "qp_num");

    private final MemorySegment segment;
    private final int capacity;

    private WorkCompletions(MemorySegment segment, int capacity) {
        this.segment = segment;
        this.capacity = capacity;
    }

    /** Room for {@code capacity} completions per poll, in memory of {@code arena}. */
    public static WorkCompletions allocate(Arena arena, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        return new WorkCompletions(arena.allocate(IBV_WC, capacity), capacity);
    }

    public int capacity() {
        return capacity;
    }

    /** The native array, capacity * sizeof(struct ibv_wc) bytes. */
    public MemorySegment segment() {
        return segment;
    }

    long address() {
        return segment.address();
    }

    /** ibv_wc.wr_id: what the work request carried. */
    public long wrId(int index) {
        return segment.get(JAVA_LONG, SIZE * index + WR_ID);
    }

    /** ibv_wc.status: IBV_WC_SUCCESS or an error; {@link #statusString} names it. */
    public int status(int index) {
        return segment.get(JAVA_INT, SIZE * index + STATUS);
    }

    /** ibv_wc.opcode: IBV_WC_SEND, IBV_WC_RECV, ... */
    public int opcode(int index) {
        return segment.get(JAVA_INT, SIZE * index + OPCODE);
    }

    /** Whether the completion is of a receive (opcode has IBV_WC_RECV set). */
    public boolean isReceive(int index) {
        return (opcode(index) & VerbsConstants.IBV_WC_RECV) != 0;
    }

    /** ibv_wc.vendor_err: the provider's own code behind an error status. */
    public int vendorError(int index) {
        return segment.get(JAVA_INT, SIZE * index + VENDOR_ERR);
    }

    /** ibv_wc.byte_len: bytes received (receives only). */
    public int byteLength(int index) {
        return segment.get(JAVA_INT, SIZE * index + BYTE_LEN);
    }

    /** ibv_wc.qp_num: the local QP the completion belongs to. */
    public int qpNum(int index) {
        return segment.get(JAVA_INT, SIZE * index + QP_NUM);
    }

    private static final class StatusStr {
        static final MethodHandle IBV_WC_STATUS_STR = Verbs.call("ibv_wc_status_str", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    }

    /** ibv_wc_status_str: libibverbs' text for a status, e.g. "transport retry counter exceeded". Control path. */
    public static String statusString(int status) {
        try {
            return Verbs.string((MemorySegment) StatusStr.IBV_WC_STATUS_STR.invokeExact(status), 256);
        } catch (Throwable t) {
            throw Verbs.rethrow(t);
        }
    }
}
