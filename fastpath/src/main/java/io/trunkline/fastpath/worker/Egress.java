package io.trunkline.fastpath.worker;

import io.trunkline.bindings.dpdk.EthDev;
import io.trunkline.bindings.dpdk.Mbuf;
import io.trunkline.bindings.dpdk.MbufArray;
import io.trunkline.bindings.dpdk.MbufPool;
import io.trunkline.fastpath.counters.BurstCounters;
import io.trunkline.fastpath.counters.CounterLayout;
import io.trunkline.fastpath.counters.WorkerCounters;
import io.trunkline.fastpath.fate.DropReasons;
import io.trunkline.fastpath.fate.Fate;
import java.lang.foreign.Arena;

/**
 * The end of one burst: each packet goes where its {@link Fate} says (the tx burst, the bulk free, or nowhere when
 * handed off), then one tx burst, one bulk free, and the burst's counters written once (l2fwd's drain). One per
 * worker, reused burst after burst; worker thread only.
 */
final class Egress {
    private final MbufArray tx;
    private final MbufArray dropped;
    private final Mbuf sent = new Mbuf();
    private final WorkerCounters counters;
    private final CounterLayout layout;
    private final BurstCounters burstCounters;
    private int toSend;
    private int toFree;
    private long rxBytes;
    private long txBytes;
    /** Established flows served from the flow cache this burst, and of them by the established lane: counted once. */
    long cacheHits;
    long laneHits;

    Egress(Arena arena, int burst, WorkerCounters counters, CounterLayout layout) {
        this.tx = new MbufArray(arena, burst);
        this.dropped = new MbufArray(arena, burst);
        this.counters = counters;
        this.layout = layout;
        // A packet counts for its VIP and its backend: two additions at most.
        this.burstCounters = new BurstCounters(counters, 2 * burst);
    }

    /** The VIP and backend counters of the burst, summed until {@link #send}. */
    BurstCounters burstCounters() {
        return burstCounters;
    }

    /** Packet {@code mbuf} of {@code rxLength} bytes as received has come to {@code fate}. */
    void take(Mbuf mbuf, int rxLength, int fate) {
        rxBytes += rxLength;
        if (fate == Fate.FORWARD) {
            txBytes += mbuf.dataLength();
            tx.set(toSend++, mbuf.address());
        } else if (Fate.isDrop(fate)) {
            counters.increment(layout.drops(fate));
            dropped.set(toFree++, mbuf.address());
        } else if (fate == Fate.CONSUMED) {
            dropped.set(toFree++, mbuf.address());
        }
    }

    /** Sends what is to be sent out of port index {@code p} (DPDK {@code port}, {@code queue}), frees the rest, counts. */
    void send(int p, int port, int queue, int received) {
        MbufPool.freeBulk(dropped, 0, toFree);
        int out = EthDev.txBurst(port, queue, tx, 0, toSend);
        for (int i = out; i < toSend; i++) {
            txBytes -= sent.wrap(tx.get(i)).dataLength();
        }
        // Port, VIP and backend counters once per burst, not per packet.
        burstCounters.flush();
        counters.add(layout.rxPackets(p), received);
        counters.add(layout.rxBytes(p), rxBytes);
        counters.add(layout.txPackets(p), out);
        counters.add(layout.txBytes(p), txBytes);
        counters.add(layout.drops(DropReasons.TX_FULL), toSend - out);
        counters.add(CounterLayout.FLOW_CACHE_HIT, cacheHits);
        counters.add(CounterLayout.ESTABLISHED_LANE, laneHits);
        MbufPool.freeBulk(tx, out, toSend - out);
        toSend = toFree = 0;
        rxBytes = txBytes = cacheHits = laneHits = 0;
    }
}
