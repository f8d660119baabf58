package io.trunkline.fastpath.host;

import io.trunkline.bindings.dpdk.EthDev;
import io.trunkline.bindings.dpdk.Mbuf;
import io.trunkline.bindings.dpdk.MbufArray;
import io.trunkline.bindings.dpdk.MbufPool;
import io.trunkline.fastpath.counters.CounterLayout;
import io.trunkline.fastpath.counters.WorkerCounters;
import io.trunkline.fastpath.fate.DropReasons;
import io.trunkline.fastpath.fate.Fate;
import io.trunkline.fastpath.timer.TokenBucket;
import java.lang.foreign.Arena;

/**
 * The kernel exception path: one kernel port (DPDK {@code net_tap}) per data port, whose kernel interface
 * carries the dispatcher's own addresses, so that BIRD, sshd, ping and any other daemon work on the data
 * port as on an ordinary interface.
 * <pre>
 *   data port p ─ rx ─→ worker w ─ own address, not ARP/ND/BFD ─ token bucket ─→ kernel port p, tx queue w ─→ kernel
 *   kernel ─→ kernel port p, rx queues 0..n-1 ─ polled by the worker of queue 0 ─→ data port p, tx queue 0
 * </pre>
 * Every worker writes to the kernel on its own transmit queue of the kernel port (one per worker, as on the
 * data ports), so no queue has two writers. Only the worker given {@code endpoint(true)}, by rule the worker
 * of queue 0, reads what the kernel sends, and only when its poll is due: a clock comparison per duty cycle,
 * a read of the kernel port every {@code pollIntervalNanos} (at once again after a full burst). VIP traffic
 * never comes here. What goes to the kernel is limited by a token bucket per worker and kernel port (the
 * caller divides a port's configured rate and burst among the workers), counted and dropped beyond it.
 */
public final class KernelPath {
    private static final int BURST = 32;

    private final int[] kernelPorts;
    private final int kernelQueues;
    private final Port[] rates;
    private final long pollIntervalNanos;

    /** A kernel port and what one worker may pass to it: {@code packetsPerSecond}, and {@code burst} at once. */
    public record Port(int portId, long packetsPerSecond, int burst) {
        /** A data port without a kernel port. */
        public static final Port NONE = new Port(-1, 1, 1);

        public Port {
            if (packetsPerSecond < 1 || burst < 1) {
                throw new IllegalArgumentException("rate " + packetsPerSecond + "/s and burst " + burst + " must be at least 1");
            }
        }
    }

    /**
     * @param kernelPorts       the kernel port of each worker port index ({@link Port#NONE} for a data port without one)
     * @param kernelQueues      receive queues on each kernel port (the kernel spreads what it sends over them)
     * @param pollIntervalNanos how often the polling worker reads the kernel ports when they were empty
     */
    public KernelPath(Port[] kernelPorts, int kernelQueues, long pollIntervalNanos) {
        if (kernelQueues < 1) {
            throw new IllegalArgumentException("a kernel port needs at least one queue, not " + kernelQueues);
        }
        this.kernelPorts = new int[kernelPorts.length];
        for (int p = 0; p < kernelPorts.length; p++) {
            this.kernelPorts[p] = kernelPorts[p].portId();
        }
        this.rates = kernelPorts.clone();
        this.kernelQueues = kernelQueues;
        this.pollIntervalNanos = pollIntervalNanos;
    }

    /** The endpoint of one worker; {@code pollsKernel} for exactly one of them, the worker of queue 0. */
    public KernelEndpoint endpoint(boolean pollsKernel) {
        return new Endpoint(pollsKernel);
    }

    private final class Endpoint implements KernelEndpoint {
        private final boolean pollsKernel;
        private final Arena arena = Arena.ofAuto();
        private final MbufArray one = new MbufArray(arena, 1);
        private final MbufArray fromKernel;
        private final Mbuf frame = new Mbuf();
        private int[] ports;
        private int queue;
        private WorkerCounters counters;
        private CounterLayout layout;
        private final TokenBucket[] buckets = new TokenBucket[kernelPorts.length];
        private long nextPoll;

        Endpoint(boolean pollsKernel) {
            this.pollsKernel = pollsKernel;
            for (int p = 0; p < rates.length; p++) {
                buckets[p] = new TokenBucket(rates[p].packetsPerSecond(), rates[p].burst());
            }
            this.fromKernel = pollsKernel ? new MbufArray(arena, BURST) : null;
        }

        @Override
        public void attach(int[] workerPorts, long[] portMacs, int workerQueue, WorkerCounters workerCounters,
                           CounterLayout counterLayout) {
            if (workerPorts.length > kernelPorts.length) {
                throw new IllegalArgumentException("the worker has " + workerPorts.length + " ports but the exception path "
                        + kernelPorts.length + " kernel ports");
            }
            ports = workerPorts.clone();
            queue = workerQueue;
            counters = workerCounters;
            layout = counterLayout;
        }

        @Override
        public int toKernel(int p, Mbuf mbuf, long nowNanos) {
            int kernelPort = kernelPorts[p];
            if (kernelPort < 0) {
                return DropReasons.HOST_UNHANDLED;
            }
            if (!buckets[p].take(nowNanos)) {
                return DropReasons.KERNEL_RATE_LIMIT;
            }
            one.set(0, mbuf.address());
            if (EthDev.txBurst(kernelPort, queue, one, 0, 1) != 1) {
                return DropReasons.KERNEL_TX_FULL;
            }
            counters.increment(layout.host(CounterLayout.KERNEL_RX));
            return Fate.HANDED_OFF;
        }

        @Override
        public int doWork(long nowNanos) {
            if (!pollsKernel || nowNanos - nextPoll < 0) {
                return 0;
            }
            int work = 0;
            boolean full = false;
            for (int p = 0; p < ports.length; p++) {
                if (kernelPorts[p] < 0) {
                    continue;
                }
                for (int q = 0; q < kernelQueues; q++) {
                    int received = EthDev.rxBurst(kernelPorts[p], q, fromKernel, BURST);
                    full |= received == BURST;
                    work += received;
                    if (received > 0) {
                        sendOut(p, received);
                    }
                }
            }
            nextPoll = full ? nowNanos : nowNanos + pollIntervalNanos;
            return work;
        }

        private void sendOut(int p, int received) {
            long bytes = 0;
            for (int i = 0; i < received; i++) {
                bytes += frame.wrap(fromKernel.get(i)).dataLength();
            }
            int sent = EthDev.txBurst(ports[p], queue, fromKernel, 0, received);
            for (int i = sent; i < received; i++) {
                bytes -= frame.wrap(fromKernel.get(i)).dataLength();
                counters.increment(layout.drops(DropReasons.TX_FULL));
            }
            MbufPool.freeBulk(fromKernel, sent, received - sent);
            counters.add(layout.host(CounterLayout.KERNEL_TX), sent);
            counters.add(layout.txPackets(p), sent);
            counters.add(layout.txBytes(p), bytes);
        }
    }
}
