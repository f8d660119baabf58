package io.trunkline.fastpath.counters;

import java.lang.foreign.MemorySegment;

/**
 * One worker's counters: a flyweight over its region of the counters file. Single writer (the worker
 * thread): an update is a plain load and an opaque store, no atomic read-modify-write and no fence;
 * opaque keeps each 64-bit store whole and visible to readers in other processes, which read with
 * opaque loads. Ids come from the {@link CounterLayout}.
 */
public final class WorkerCounters {
    private final MemorySegment region;
    private final int counterCount;

    WorkerCounters(MemorySegment region, int counterCount) {
        this.region = region;
        this.counterCount = counterCount;
    }

    public void increment(int id) {
        add(id, 1);
    }

    public void add(int id, long delta) {
        long offset = (long) id * Long.BYTES;
        long value = (long) CountersDescriptor.LONG.get(region, offset);
        CountersDescriptor.LONG.setOpaque(region, offset, value + delta);
    }

    /** One packet of {@code bytes} bytes: the packet counter at {@code packetsId} and the byte counter after it. */
    public void addPacket(int packetsId, long bytes) {
        add(packetsId, 1);
        add(packetsId + 1, bytes);
    }

    public long get(int id) {
        return (long) CountersDescriptor.LONG.getOpaque(region, (long) id * Long.BYTES);
    }

    public int counterCount() {
        return counterCount;
    }
}
