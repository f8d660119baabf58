package io.trunkline.fastpath.host;

import io.trunkline.bindings.dpdk.Mbuf;
import io.trunkline.fastpath.counters.CounterLayout;
import io.trunkline.fastpath.counters.WorkerCounters;
import io.trunkline.fastpath.fate.DropReasons;
import io.trunkline.fastpath.fate.Fate;
import io.trunkline.fastpath.packet.PacketParser;

/**
 * What one worker does with BFD: run the sessions ({@code bfd.Bfd.owner()}), hand the packets to the worker
 * that runs them ({@code bfd.Bfd.forwarder()}), or nothing ({@link #NONE}: no BFD configured, the packets
 * are host traffic like any other). Called on the worker's thread only. {@link HostTraffic} defines what it
 * needs of BFD here and the bfd package implements it, so host traffic does not depend on BFD's workings.
 */
public interface BfdEndpoint {
    /** No BFD here: BFD packets for an own address go where other host traffic goes. */
    BfdEndpoint NONE = new BfdEndpoint() {
        @Override
        public void attach(int[] ports, long[] portMacs, int queue, WorkerCounters counters, CounterLayout layout) {
        }

        @Override
        public int receive(int p, Mbuf mbuf, PacketParser parser, long nowNanos) {
            return DropReasons.HOST_UNHANDLED;
        }

        @Override
        public int doWork(long nowNanos) {
            return 0;
        }
    };

    /** Binds the endpoint to the worker that will call it: its ports (DPDK ids), their MACs, its queue, its counters. */
    void attach(int[] ports, long[] portMacs, int queue, WorkerCounters counters, CounterLayout layout);

    /**
     * A UDP packet to port 3784 of an own address, parsed, arrived on worker port {@code p}.
     *
     * @return {@link Fate#CONSUMED} (the worker frees it), {@link Fate#HANDED_OFF} (no longer
     *         the worker's), or a drop reason
     */
    int receive(int p, Mbuf mbuf, PacketParser parser, long nowNanos);

    /** Once per duty cycle: timers and transmission. Returns the work done. */
    int doWork(long nowNanos);
}
