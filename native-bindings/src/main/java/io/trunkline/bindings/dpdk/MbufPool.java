package io.trunkline.bindings.dpdk;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** A packet-buffer mempool (rte_mbuf.h, rte_mempool.h) and the mbuf calls that go with it. */
public final class MbufPool implements AutoCloseable {
    /** RTE_MBUF_DEFAULT_BUF_SIZE: 2048 bytes of data room plus the 128-byte headroom. */
    public static final int DEFAULT_DATA_ROOM = 2048 + 128;

    private static final MethodHandle RTE_PKTMBUF_POOL_CREATE = Dpdk.call("rte_pktmbuf_pool_create",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_SHORT, JAVA_SHORT, JAVA_INT));
    private static final MethodHandle RTE_MEMPOOL_FREE = Dpdk.call("rte_mempool_free", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle RTE_MEMPOOL_AVAIL_COUNT = Dpdk.call("rte_mempool_avail_count", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle RTE_MEMPOOL_IN_USE_COUNT = Dpdk.call("rte_mempool_in_use_count", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle TL_RTE_PKTMBUF_ALLOC = Dpdk.criticalCall("tl_rte_pktmbuf_alloc", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle TL_RTE_PKTMBUF_ALLOC_BULK = Dpdk.criticalCall("tl_rte_pktmbuf_alloc_bulk",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
    private static final MethodHandle TL_RTE_PKTMBUF_FREE = Dpdk.criticalCall("tl_rte_pktmbuf_free", FunctionDescriptor.ofVoid(JAVA_LONG));
    private static final MethodHandle RTE_PKTMBUF_FREE_BULK = Dpdk.criticalCall("rte_pktmbuf_free_bulk", FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_INT));

    private final String name;
    private final MemorySegment pool;

    private MbufPool(String name, MemorySegment pool) {
        this.name = name;
        this.pool = pool;
    }

    /** rte_pktmbuf_pool_create: {@code size} mbufs of {@code dataRoom} bytes with a per-lcore cache. */
    public static MbufPool create(String name, int size, int cacheSize, int dataRoom, int socket) {
        MemorySegment pool;
        try (Arena arena = Arena.ofConfined()) {
            pool = (MemorySegment) RTE_PKTMBUF_POOL_CREATE.invokeExact(arena.allocateFrom(name), size, cacheSize,
                    (short) 0, (short) dataRoom, socket);
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
        if (pool.equals(MemorySegment.NULL)) {
            throw new DpdkException("rte_pktmbuf_pool_create(" + name + ", " + size + " mbufs)", Eal.errno());
        }
        return new MbufPool(name, pool);
    }

    public String name() {
        return name;
    }

    /** The struct rte_mempool *, for queue setup. */
    public MemorySegment pointer() {
        return pool;
    }

    /** Mbufs free in the pool (caches included). */
    public int available() {
        try {
            return (int) RTE_MEMPOOL_AVAIL_COUNT.invokeExact(pool);
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    public int inUse() {
        try {
            return (int) RTE_MEMPOOL_IN_USE_COUNT.invokeExact(pool);
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    /** rte_pktmbuf_alloc: address of a reset mbuf, or 0 when the pool is empty. */
    public long alloc() {
        try {
            return (long) TL_RTE_PKTMBUF_ALLOC.invokeExact(pool.address());
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    /** rte_pktmbuf_alloc_bulk: fills {@code count} slots or none; returns whether it did. */
    public boolean allocBulk(MbufArray into, int count) {
        try {
            return (int) TL_RTE_PKTMBUF_ALLOC_BULK.invokeExact(pool.address(), into.segment().address(), count) == 0;
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    /** rte_pktmbuf_free: returns an mbuf (chain) to its own pool, whichever pool that is. */
    public static void free(long mbuf) {
        try {
            TL_RTE_PKTMBUF_FREE.invokeExact(mbuf);
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    /** rte_pktmbuf_free_bulk over slots {@code from .. from+count} of {@code mbufs}. */
    public static void freeBulk(MbufArray mbufs, int from, int count) {
        if (count <= 0) {
            return;
        }
        try {
            RTE_PKTMBUF_FREE_BULK.invokeExact(mbufs.slotAddress(from), count);
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    /** rte_mempool_free: only once no port or worker uses the pool any more. */
    @Override
    public void close() {
        try {
            RTE_MEMPOOL_FREE.invokeExact(pool);
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }
}
