package io.trunkline.fastpath.counters;

/**
 * Packet and byte counts a worker sums over one burst and writes to its {@link WorkerCounters} once, at
 * {@link #flush}: one update of the shared counter per VIP or backend the burst touched instead of one
 * per packet (readers see the counts a burst late, microseconds). Owned by the worker thread,
 * allocation-free after construction.
 */
public final class BurstCounters {
    private final WorkerCounters counters;
    private final long[] pending;
    private final int[] touched;
    private int touchedCount;

    /** @param maxPacketsPerBurst how many {@link #addPacket} calls a burst may make at most */
    public BurstCounters(WorkerCounters counters, int maxPacketsPerBurst) {
        this.counters = counters;
        this.pending = new long[counters.counterCount() + 1];
        this.touched = new int[maxPacketsPerBurst];
    }

    /** One packet of {@code bytes} bytes for the packet counter at {@code packetsId} and the byte counter after it. */
    public void addPacket(int packetsId, long bytes) {
        if (pending[packetsId] == 0) {
            touched[touchedCount++] = packetsId;
        }
        pending[packetsId]++;
        pending[packetsId + 1] += bytes;
    }

    /** Writes the burst's sums to the shared counters. */
    public void flush() {
        for (int i = 0; i < touchedCount; i++) {
            int id = touched[i];
            counters.add(id, pending[id]);
            counters.add(id + 1, pending[id + 1]);
            pending[id] = 0;
            pending[id + 1] = 0;
        }
        touchedCount = 0;
    }
}
