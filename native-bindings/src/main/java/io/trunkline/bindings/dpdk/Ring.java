package io.trunkline.bindings.dpdk;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** A DPDK ring of pointers (rte_ring.h): lock-free, in hugepage memory, visible to secondary processes. */
public final class Ring implements AutoCloseable {
    /** RING_F_SP_ENQ | RING_F_SC_DEQ: one producer thread and one consumer thread. */
    public static final int SINGLE_PRODUCER_SINGLE_CONSUMER = 0x0001 | 0x0002;
    /** Multi-producer, multi-consumer. */
    public static final int MULTI_PRODUCER_MULTI_CONSUMER = 0;

    private static final MethodHandle RTE_RING_CREATE = Dpdk.call("rte_ring_create",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle RTE_RING_FREE = Dpdk.call("rte_ring_free", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle TL_RTE_RING_ENQUEUE_BURST = Dpdk.criticalCall("tl_rte_ring_enqueue_burst",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
    private static final MethodHandle TL_RTE_RING_DEQUEUE_BURST = Dpdk.criticalCall("tl_rte_ring_dequeue_burst",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
    private static final MethodHandle TL_RTE_RING_COUNT = Dpdk.criticalCall("tl_rte_ring_count", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));

    private final MemorySegment ring;

    private Ring(MemorySegment ring) {
        this.ring = ring;
    }

    /** rte_ring_create: {@code count} must be a power of two; the ring holds count - 1 objects. */
    public static Ring create(String name, int count, int socket, int flags) {
        MemorySegment ring;
        try (Arena arena = Arena.ofConfined()) {
            ring = (MemorySegment) RTE_RING_CREATE.invokeExact(arena.allocateFrom(name), count, socket, flags);
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
        if (ring.equals(MemorySegment.NULL)) {
            throw new DpdkException("rte_ring_create(" + name + ", " + count + ")", Eal.errno());
        }
        return new Ring(ring);
    }

    /** The struct rte_ring *, for devices built on rings (net_ring). */
    public MemorySegment pointer() {
        return ring;
    }

    /** rte_ring_enqueue_burst of slots {@code 0..n} of {@code objects}; returns how many went in. */
    public int enqueueBurst(MbufArray objects, int n) {
        try {
            return (int) TL_RTE_RING_ENQUEUE_BURST.invokeExact(ring.address(), objects.segment().address(), n);
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    /** rte_ring_dequeue_burst into slots {@code 0..} of {@code objects}; returns how many came out. */
    public int dequeueBurst(MbufArray objects, int n) {
        try {
            return (int) TL_RTE_RING_DEQUEUE_BURST.invokeExact(ring.address(), objects.segment().address(), n);
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    public int count() {
        try {
            return (int) TL_RTE_RING_COUNT.invokeExact(ring.address());
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    @Override
    public void close() {
        try {
            RTE_RING_FREE.invokeExact(ring);
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }
}
