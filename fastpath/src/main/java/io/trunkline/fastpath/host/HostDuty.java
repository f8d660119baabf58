package io.trunkline.fastpath.host;

import io.trunkline.fastpath.counters.CounterLayout;
import io.trunkline.fastpath.counters.WorkerCounters;

/**
 * Work a worker does for the dispatcher's own presence besides answering what it receives: sending the
 * neighbour table's requests, passing the kernel's frames out. Bound once to the worker that calls it,
 * then called on that worker's thread only, once per duty cycle.
 */
public interface HostDuty {
    /** Nothing to do. */
    HostDuty NONE = new HostDuty() {
        @Override
        public void attach(int[] ports, long[] portMacs, int queue, WorkerCounters counters, CounterLayout layout) {
        }

        @Override
        public int doWork(long nowNanos) {
            return 0;
        }
    };

    /** Binds the duty to its worker: the worker's DPDK port ids, their MACs, its queue, its counters. */
    void attach(int[] ports, long[] portMacs, int queue, WorkerCounters counters, CounterLayout layout);

    /** Once per duty cycle; returns the work done. */
    int doWork(long nowNanos);
}
