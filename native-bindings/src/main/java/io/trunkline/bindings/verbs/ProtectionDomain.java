package io.trunkline.bindings.verbs;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * A protection domain (struct ibv_pd, from ibv_alloc_pd): the memory regions and queue pairs
 * created from it may be used together. Close it after them.
 */
public final class ProtectionDomain implements AutoCloseable {
    private static final MethodHandle IBV_DEALLOC_PD = Verbs.callSettingErrno("ibv_dealloc_pd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle TL_IBV_REG_MR = Verbs.callSettingErrno("tl_ibv_reg_mr",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle IBV_CREATE_QP = Verbs.callSettingErrno("ibv_create_qp",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));

    private final MemorySegment pd;
    private final String device;
    private boolean closed;

    ProtectionDomain(MemorySegment pd, String device) {
        this.pd = pd;
        this.device = device;
    }

    /**
     * ibv_reg_mr (through the shim: the header makes it a macro) on the whole of a native segment.
     * Receives need IBV_ACCESS_LOCAL_WRITE; SEND-only traffic needs nothing remote. The segment's
     * memory must stay allocated until the region is closed: the device keeps DMA access to it.
     *
     * @param access IBV_ACCESS_* flags
     */
    public MemoryRegion register(MemorySegment memory, int access) {
        if (!memory.isNative()) {
            throw new IllegalArgumentException("only native memory can be registered for RDMA, not a heap segment");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Verbs.callState(arena);
            MemorySegment mr = (MemorySegment) TL_IBV_REG_MR.invokeExact(state, pd, memory, memory.byteSize(), access);
            return new MemoryRegion(VerbsException.checkNotNull(mr, state, "ibv_reg_mr(" + device + ", " + memory.byteSize()
                    + " bytes at 0x" + Long.toHexString(memory.address()) + ", access 0x" + Integer.toHexString(access) + ")"));
        } catch (Throwable t) {
            throw Verbs.rethrow(t);
        }
    }

    /**
     * ibv_create_qp of a reliable-connected QP (IBV_QPT_RC) in the RESET state. Only sends posted
     * with IBV_SEND_SIGNALED produce a completion (sq_sig_all = 0), so a sender signals one send in
     * N and the completion retires the N before it.
     */
    public QueuePair createRcQueuePair(CompletionQueue sendCq, CompletionQueue recvCq, QpCapabilities capabilities) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Verbs.callState(arena);
            MemorySegment attr = arena.allocate(VerbsLayouts.IBV_QP_INIT_ATTR);
            QpAttributes.rcInit(attr, sendCq.pointer(), recvCq.pointer(), capabilities);
            MemorySegment qp = (MemorySegment) IBV_CREATE_QP.invokeExact(state, pd, attr);
            VerbsException.checkNotNull(qp, state, "ibv_create_qp(" + device + ", RC, " + capabilities + ")");
            // ibv_create_qp writes the granted sizes back into attr.cap, never less than asked.
            return new QueuePair(qp, device, QpCapabilities.read(attr, VerbsLayouts.offset(VerbsLayouts.IBV_QP_INIT_ATTR, "cap")));
        } catch (Throwable t) {
            throw Verbs.rethrow(t);
        }
    }

    /** ibv_dealloc_pd. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Verbs.destroy(IBV_DEALLOC_PD, pd, "ibv_dealloc_pd(" + device + ")");
        }
    }
}
