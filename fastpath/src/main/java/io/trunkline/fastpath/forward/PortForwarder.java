package io.trunkline.fastpath.forward;

import io.trunkline.bindings.dpdk.EthDev;
import io.trunkline.bindings.dpdk.Mbuf;
import io.trunkline.bindings.dpdk.MbufArray;
import io.trunkline.bindings.dpdk.MbufPool;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The plain DPDK forwarder: receive a burst on one queue, optionally swap the Ethernet addresses,
 * send it on another. The Java twin of testpmd's io and macswap engines, used by the demo and as
 * the floor the dispatcher's own worker is measured against. Single thread; counters are written
 * by that thread only and may be read from any other.
 */
public final class PortForwarder implements ReplayEngine {
    /** What happens to a frame between receive and send. */
    public enum Mode { IO, MACSWAP }

    public static final int BURST = 32;
    private static final MemorySegment MEMORY = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    private static final VarHandle PACKETS;
    private static final VarHandle DROPPED;

    static {
        try {
            PACKETS = MethodHandles.lookup().findVarHandle(PortForwarder.class, "packets", long.class);
            DROPPED = MethodHandles.lookup().findVarHandle(PortForwarder.class, "dropped", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int rxPort;
    private final int rxQueue;
    private final int txPort;
    private final int txQueue;
    private final Mode mode;
    private final MbufArray burst;
    private final Mbuf mbuf = new Mbuf();
    private long packets;
    private long dropped;

    public PortForwarder(int rxPort, int rxQueue, int txPort, int txQueue, Mode mode, Arena arena) {
        this.rxPort = rxPort;
        this.rxQueue = rxQueue;
        this.txPort = txPort;
        this.txQueue = txQueue;
        this.mode = mode;
        this.burst = new MbufArray(arena, BURST);
    }

    @Override
    public int doWork() {
        int received = EthDev.rxBurst(rxPort, rxQueue, burst, BURST);
        if (received == 0) {
            return 0;
        }
        if (mode == Mode.MACSWAP) {
            for (int i = 0; i < received; i++) {
                swapMacs(mbuf.wrap(burst.get(i)).dataAddress());
            }
        }
        int sent = EthDev.txBurst(txPort, txQueue, burst, 0, received);
        if (sent < received) {
            MbufPool.freeBulk(burst, sent, received - sent);
            DROPPED.setOpaque(this, dropped + received - sent);
        }
        PACKETS.setOpaque(this, packets + sent);
        return received;
    }

    /** Frames sent so far. */
    @Override
    public long packets() {
        return (long) PACKETS.getOpaque(this);
    }

    /** Frames the transmit queue refused and that were freed. */
    public long dropped() {
        return (long) DROPPED.getOpaque(this);
    }

    @Override
    public String roleName() {
        return "forwarder-" + rxPort + "." + rxQueue;
    }

    /**
     * Swaps destination (bytes 0-5) and source (bytes 6-11) with one 8-byte and one 4-byte access
     * each way: little-endian, so byte 0 is the low byte of the long.
     */
    public static void swapMacs(long frame) {
        long head = MEMORY.get(ValueLayout.JAVA_LONG_UNALIGNED, frame);
        long tail = Integer.toUnsignedLong(MEMORY.get(ValueLayout.JAVA_INT_UNALIGNED, frame + 8));
        long dst = head & 0xFFFF_FFFF_FFFFL;
        long src = (head >>> 48) | (tail << 16);
        MEMORY.set(ValueLayout.JAVA_LONG_UNALIGNED, frame, src | (dst << 48));
        MEMORY.set(ValueLayout.JAVA_INT_UNALIGNED, frame + 8, (int) (dst >>> 16));
    }
}
