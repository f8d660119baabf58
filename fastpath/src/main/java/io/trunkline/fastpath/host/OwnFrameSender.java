package io.trunkline.fastpath.host;

import io.trunkline.bindings.dpdk.EthDev;
import io.trunkline.bindings.dpdk.Mbuf;
import io.trunkline.bindings.dpdk.MbufArray;
import io.trunkline.bindings.dpdk.MbufPool;
import io.trunkline.fastpath.counters.CounterLayout;
import io.trunkline.fastpath.counters.WorkerCounters;
import java.lang.foreign.Arena;

/**
 * Sends frames the dispatcher makes itself (BFD control packets, ARP requests, neighbour solicitations) one at a
 * time on its worker's queue: {@link #claim} takes an mbuf from the pool for a frame out of a worker port, the
 * caller writes the frame at the address it returns, {@link #send} transmits it in a one-packet tx burst. Each
 * frame counts as sent (and in the port's tx packets) or as failed, when there was no mbuf, no such port or no
 * room in the tx queue; a frame that did not go is freed. Worker thread only; nothing allocated per frame.
 */
public final class OwnFrameSender {
    private final MbufPool pool;
    private final int sentCounter;
    private final int failedCounter;
    private final MbufArray tx = new MbufArray(Arena.ofAuto(), 1);
    private final Mbuf frame = new Mbuf();
    private int[] ports;
    private int queue;
    private WorkerCounters counters;
    private CounterLayout layout;
    private int port;

    /**
     * @param pool          where frames are built
     * @param sentCounter   the host counter ({@code CounterLayout}) of frames sent
     * @param failedCounter the host counter of frames that did not go
     */
    public OwnFrameSender(MbufPool pool, int sentCounter, int failedCounter) {
        this.pool = pool;
        this.sentCounter = sentCounter;
        this.failedCounter = failedCounter;
    }

    /** Binds the sender to its worker: the worker's DPDK port ids, its queue, its counters. */
    public void attach(int[] workerPorts, int workerQueue, WorkerCounters workerCounters, CounterLayout counterLayout) {
        ports = workerPorts.clone();
        queue = workerQueue;
        counters = workerCounters;
        layout = counterLayout;
    }

    /**
     * An mbuf for a frame out of worker port {@code p}; {@link #send} it next.
     *
     * @return the address to write the frame at, or 0 (counted as failed) when the pool is empty or the worker has
     *         no port {@code p}
     */
    public long claim(int p) {
        long m = p >= 0 && p < ports.length ? pool.alloc() : 0;
        if (m == 0) {
            counters.increment(layout.host(failedCounter));
            return 0;
        }
        port = p;
        frame.wrap(m);
        return frame.dataAddress();
    }

    /** Sends the frame of {@code length} bytes written at the last {@link #claim}'s address. */
    public void send(int length) {
        frame.length(length);
        tx.set(0, frame.address());
        if (EthDev.txBurst(ports[port], queue, tx, 0, 1) == 1) {
            counters.increment(layout.host(sentCounter));
            counters.addPacket(layout.txPackets(port), length);
        } else {
            MbufPool.free(frame.address());
            counters.increment(layout.host(failedCounter));
        }
    }
}
