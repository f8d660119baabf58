package io.trunkline.bindings.verbs;

import static io.trunkline.bindings.verbs.VerbsLayouts.IBV_MR;
import static io.trunkline.bindings.verbs.VerbsLayouts.offset;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Registered memory (struct ibv_mr, from {@link ProtectionDomain#register}): the device may read and
 * write it by DMA, so it stays pinned until {@link #close}. Every SGE names its region by
 * {@link #lkey}; a peer names it by {@link #rkey}.
 */
public final class MemoryRegion implements AutoCloseable {
    private static final MethodHandle IBV_DEREG_MR = Verbs.callSettingErrno("ibv_dereg_mr", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    private final MemorySegment mr;
    private final long address;
    private final long length;
    private final int lkey;
    private final int rkey;
    private boolean closed;

    MemoryRegion(MemorySegment mr) {
        this.mr = mr;
        MemorySegment fields = mr.reinterpret(IBV_MR.byteSize());
        this.address = fields.get(JAVA_LONG, offset(IBV_MR, "addr"));
        this.length = fields.get(JAVA_LONG, offset(IBV_MR, "length"));
        this.lkey = fields.get(JAVA_INT, offset(IBV_MR, "lkey"));
        this.rkey = fields.get(JAVA_INT, offset(IBV_MR, "rkey"));
    }

    /** ibv_mr.addr: the first registered byte. */
    public long address() {
        return address;
    }

    /** ibv_mr.length. */
    public long length() {
        return length;
    }

    /** ibv_mr.lkey: the key local work requests put in each ibv_sge. */
    public int lkey() {
        return lkey;
    }

    /** ibv_mr.rkey: the key a peer's RDMA read/write would use. */
    public int rkey() {
        return rkey;
    }

    /** ibv_dereg_mr. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Verbs.destroy(IBV_DEREG_MR, mr, "ibv_dereg_mr(" + length + " bytes at 0x" + Long.toHexString(address) + ")");
        }
    }
}
