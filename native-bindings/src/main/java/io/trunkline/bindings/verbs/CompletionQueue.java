package io.trunkline.bindings.verbs;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * A completion queue (struct ibv_cq, from {@link DeviceContext#createCompletionQueue}), polled by one
 * thread. Close it after the queue pairs that use it.
 */
public final class CompletionQueue implements AutoCloseable {
    private static final MethodHandle IBV_DESTROY_CQ = Verbs.callSettingErrno("ibv_destroy_cq", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle TL_IBV_POLL_CQ = Verbs.criticalCall("tl_ibv_poll_cq",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG));

    private final MemorySegment cq;
    private final long address;
    private boolean closed;

    CompletionQueue(MemorySegment cq) {
        this.cq = cq;
        this.address = cq.address();
    }

    MemorySegment pointer() {
        return cq;
    }

    /**
     * ibv_poll_cq (through the shim: it is static inline) into {@code completions} from slot 0: the
     * number of completions taken, at most its capacity, 0 when the queue is empty, negative when
     * the provider failed. Allocates nothing.
     */
    public int poll(WorkCompletions completions) {
        try {
            return (int) TL_IBV_POLL_CQ.invokeExact(address, completions.capacity(), completions.address());
        } catch (Throwable t) {
            throw Verbs.rethrow(t);
        }
    }

    /** ibv_destroy_cq. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Verbs.destroy(IBV_DESTROY_CQ, cq, "ibv_destroy_cq");
        }
    }
}
