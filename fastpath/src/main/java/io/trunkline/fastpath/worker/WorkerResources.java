package io.trunkline.fastpath.worker;

import io.trunkline.fastpath.counters.CounterLayout;
import io.trunkline.fastpath.counters.WorkerCounters;
import io.trunkline.fastpath.flow.FlowInvalidations;
import io.trunkline.fastpath.sync.SessionChangeQueue;
import io.trunkline.fastpath.timer.Timeouts;
import io.trunkline.store.SessionTable;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;

/**
 * What the control plane hands one {@link DispatchWorker}.
 *
 * @param ports            the DPDK port ids the worker polls; it owns queue {@code queue} of each
 * @param portMacs         each port's MAC, the source MAC of what the worker sends out of it
 * @param queue            the rx/tx queue pair of each port this worker owns
 * @param tables           where the control plane publishes forwarding tables
 * @param sessions         the shared session table
 * @param changes          the hand-off of this worker's session changes to the replicator (single producer: this worker)
 * @param invalidations    flows to drop from this worker's cache (single consumer: this worker)
 * @param counters         this worker's region of the counters file
 * @param layout           where each counter is in that region
 * @param timeouts         idle timeouts per protocol and state
 * @param originId         this dispatcher's id, stamped on every session it writes
 * @param flowCacheEntries slots of the flow cache, a power of two
 * @param maxBackends      backend ids range over 0 .. maxBackends - 1
 * @param timedSessions    sessions this worker can time out at once (timer wheel capacity)
 * @param mtu              largest IP packet the ports send, for tunnel encapsulation
 */
public record WorkerResources(int[] ports, long[] portMacs, int queue, ForwardingTables tables, SessionTable sessions,
                              SessionChangeQueue changes, FlowInvalidations invalidations, WorkerCounters counters,
                              CounterLayout layout, Timeouts timeouts, int originId, NanoClock nanoClock,
                              EpochClock epochClock, int flowCacheEntries, int maxBackends, int timedSessions, int mtu) {
    public WorkerResources {
        if (ports.length != portMacs.length || ports.length == 0) {
            throw new IllegalArgumentException("each of the " + ports.length + " ports needs its MAC");
        }
        if (Integer.bitCount(flowCacheEntries) != 1) {
            throw new IllegalArgumentException("flow cache entries must be a power of two, not " + flowCacheEntries);
        }
    }
}
