package io.trunkline.fastpath.host;

import io.trunkline.bindings.dpdk.Mbuf;
import io.trunkline.fastpath.counters.CounterLayout;
import io.trunkline.fastpath.counters.WorkerCounters;
import io.trunkline.fastpath.fate.DropReasons;
import io.trunkline.fastpath.fate.Fate;

/**
 * One worker's end of the kernel exception path: frames for an own address that the fast path does not
 * answer go to the kernel through it ({@link #toKernel}); the worker that polls the kernel also sends
 * what the kernel transmits out of the data ports ({@link #doWork}). {@link #NONE}: no exception path,
 * such frames are dropped as {@code HOST_UNHANDLED}.
 */
public interface KernelEndpoint extends HostDuty {
    /** No exception path. */
    KernelEndpoint NONE = new KernelEndpoint() {
        @Override
        public void attach(int[] ports, long[] portMacs, int queue, WorkerCounters counters, CounterLayout layout) {
        }

        @Override
        public int doWork(long nowNanos) {
            return 0;
        }

        @Override
        public int toKernel(int p, Mbuf mbuf, long nowNanos) {
            return DropReasons.HOST_UNHANDLED;
        }
    };

    /**
     * Gives the frame in {@code mbuf}, received on worker port {@code p}, to the kernel.
     *
     * @return {@link Fate#HANDED_OFF} (the mbuf is no longer the worker's) or a drop reason
     */
    int toKernel(int p, Mbuf mbuf, long nowNanos);
}
