package io.trunkline.fastpath.select;

/**
 * Active connections per backend id <b>as one worker counts them</b>: the sessions this worker created and
 * has not yet seen closed. Owned by the worker thread (single writer, no atomics); one instance serves all
 * the worker's VIPs, since a backend serving two VIPs carries both loads.
 * <p>
 * What per-worker counting implies: RSS spreads flows evenly over workers and all workers see the same
 * backends, so each worker balancing its own share balances the total statistically, with no shared
 * cache line on the packet path. But a worker does not see the sessions of other workers or other
 * dispatchers, nor connections that reached a backend some other way, and a session closed on a
 * worker other than the one that opened it (a moved RSS bucket, a peer's timeout) leaves this count too
 * high; {@link #closed} stops at zero and the control plane may {@link #reset} a count from the session
 * table.
 */
public final class ActiveConnections {
    private final int[] counts;

    /** @param maxBackends backend ids range over {@code 0 .. maxBackends - 1} */
    public ActiveConnections(int maxBackends) {
        this.counts = new int[maxBackends];
    }

    public void opened(int backendId) {
        counts[backendId]++;
    }

    public void closed(int backendId) {
        if (counts[backendId] > 0) {
            counts[backendId]--;
        }
    }

    public int count(int backendId) {
        return counts[backendId];
    }

    public void reset(int backendId, int count) {
        counts[backendId] = count;
    }

    public int maxBackends() {
        return counts.length;
    }
}
