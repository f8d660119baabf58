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
 * What the control plane hands one {@link DispatchWorker}, in the groups the worker uses them by.
 *
 * @param ports    where the worker sits on the wire
 * @param control  what the control plane publishes to the worker
 * @param sessions the session table and what the worker does with its sessions
 * @param counting where the worker counts
 * @param clocks   the worker's time
 * @param sizes    how much the worker's own structures hold
 */
public record WorkerResources(Ports ports, Control control, Sessions sessions, Counting counting, Clocks clocks, Sizes sizes) {
    /**
     * @param ids   the DPDK port ids the worker polls; it owns queue {@code queue} of each
     * @param macs  each port's MAC, the source MAC of what the worker sends out of it
     * @param queue the rx/tx queue pair of each port this worker owns
     * @param mtu   largest IP packet the ports send, for tunnel encapsulation
     */
    public record Ports(int[] ids, long[] macs, int queue, int mtu) {
        public Ports {
            if (ids.length != macs.length || ids.length == 0) {
                throw new IllegalArgumentException("each of the " + ids.length + " ports needs its MAC");
            }
        }
    }

    /**
     * @param tables        where the control plane publishes forwarding tables
     * @param invalidations flows to drop from this worker's cache (single consumer: this worker)
     */
    public record Control(ForwardingTables tables, FlowInvalidations invalidations) {
    }

    /**
     * @param table    the shared session table
     * @param changes  the hand-off of this worker's session changes to the replicator (single producer: this worker)
     * @param originId this dispatcher's id, stamped on every session it writes
     * @param timeouts idle timeouts per protocol and state
     */
    public record Sessions(SessionTable table, SessionChangeQueue changes, int originId, Timeouts timeouts) {
    }

    /**
     * @param counters this worker's region of the counters file
     * @param layout   where each counter is in that region
     */
    public record Counting(WorkerCounters counters, CounterLayout layout) {
    }

    /** @param nano the duty cycle's time (timers, rates); {@code epoch} the sessions' wall-clock stamps */
    public record Clocks(NanoClock nano, EpochClock epoch) {
    }

    /**
     * @param flowCacheEntries slots of the flow cache, a power of two
     * @param maxBackends      backend ids range over 0 .. maxBackends - 1
     * @param timedSessions    sessions this worker can time out at once (timer wheel capacity)
     */
    public record Sizes(int flowCacheEntries, int maxBackends, int timedSessions) {
        public Sizes {
            if (Integer.bitCount(flowCacheEntries) != 1) {
                throw new IllegalArgumentException("flow cache entries must be a power of two, not " + flowCacheEntries);
            }
        }
    }
}
