package io.trunkline.bindings.verbs;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * A reliable-connected queue pair (struct ibv_qp, from {@link ProtectionDomain#createRcQueuePair}).
 * Connect it with {@link #modifyToInit}, then, once the peer's {@link QpEndpoint} has arrived,
 * {@link #modifyToReadyToReceive} and {@link #modifyToReadyToSend}. Post receives before the peer
 * sends. One thread posts sends, one posts receives. Close it before its CQs and PD.
 */
public final class QueuePair implements AutoCloseable {
    private static final MethodHandle IBV_MODIFY_QP = Verbs.callSettingErrno("ibv_modify_qp",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle IBV_DESTROY_QP = Verbs.callSettingErrno("ibv_destroy_qp", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle TL_IBV_POST_SEND = Verbs.criticalCall("tl_ibv_post_send",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle TL_IBV_POST_RECV = Verbs.criticalCall("tl_ibv_post_recv",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));

    private final MemorySegment qp;
    private final long address;
    private final String device;
    private final int qpNum;
    private final QpCapabilities capabilities;
    private boolean closed;

    QueuePair(MemorySegment qp, String device, QpCapabilities capabilities) {
        this.qp = qp;
        this.address = qp.address();
        this.device = device;
        this.qpNum = qp.reinterpret(VerbsLayouts.IBV_QP.byteSize()).get(JAVA_INT, VerbsLayouts.offset(VerbsLayouts.IBV_QP, "qp_num"));
        this.capabilities = capabilities;
    }

    /** ibv_qp.qp_num: what the peer puts in dest_qp_num. */
    public int qpNum() {
        return qpNum;
    }

    /** The queue sizes the device granted (at least those asked for). */
    public QpCapabilities capabilities() {
        return capabilities;
    }

    /** ibv_modify_qp RESET to INIT on {@code port}, granting the peer {@code access} (IBV_ACCESS_*). */
    public void modifyToInit(int port, int access) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(VerbsLayouts.IBV_QP_ATTR);
            modify(arena, attr, QpAttributes.init(attr, port, access), "INIT");
        }
    }

    /** ibv_modify_qp INIT to RTR towards {@code remote}. */
    public void modifyToReadyToReceive(RtrConfig config, QpEndpoint remote) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(VerbsLayouts.IBV_QP_ATTR);
            modify(arena, attr, QpAttributes.readyToReceive(attr, config, remote), "RTR (" + config.addressing()
                    + " addressing, remote " + remote + ")");
        }
    }

    /** ibv_modify_qp RTR to RTS. */
    public void modifyToReadyToSend(RtsConfig config) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(VerbsLayouts.IBV_QP_ATTR);
            modify(arena, attr, QpAttributes.readyToSend(attr, config), "RTS");
        }
    }

    private void modify(Arena arena, MemorySegment attr, int mask, String target) {
        MemorySegment state = Verbs.callState(arena);
        try {
            VerbsException.check((int) IBV_MODIFY_QP.invokeExact(state, qp, attr, mask), state,
                    "ibv_modify_qp(" + device + " qp " + qpNum + " to " + target + ", mask 0x" + Integer.toHexString(mask) + ")");
        } catch (Throwable t) {
            throw Verbs.rethrow(t);
        }
    }

    /**
     * ibv_post_send (through the shim: it is static inline) of {@code requests} 0 .. count-1 as one
     * chain. Returns 0, or the errno the provider gave (ENOMEM: send queue full), in which case
     * {@link SendWorkRequests#failedIndex()} is the first request not posted. Allocates nothing.
     */
    public int postSend(SendWorkRequests requests, int count) {
        long first = requests.chain(count);
        try {
            return (int) TL_IBV_POST_SEND.invokeExact(address, first, requests.badRequestSlot());
        } catch (Throwable t) {
            throw Verbs.rethrow(t);
        }
    }

    /** ibv_post_recv (through the shim) of {@code requests} 0 .. count-1; as {@link #postSend}. */
    public int postRecv(RecvWorkRequests requests, int count) {
        long first = requests.chain(count);
        try {
            return (int) TL_IBV_POST_RECV.invokeExact(address, first, requests.badRequestSlot());
        } catch (Throwable t) {
            throw Verbs.rethrow(t);
        }
    }

    /** ibv_destroy_qp. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Verbs.destroy(IBV_DESTROY_QP, qp, "ibv_destroy_qp(" + device + " qp " + qpNum + ")");
        }
    }
}
