package io.trunkline.controlplane.replication;

import io.trunkline.store.FlowKey;
import io.trunkline.store.SessionEntry;
import io.trunkline.store.SessionTable;
import io.trunkline.store.SessionVisitor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Serves snapshot requests, one at a time, on the replicator's thread, a bounded piece per duty cycle.
 * <p>
 * A snapshot is a copy of the whole table (tombstones included, so removals the requester missed win
 * there too), taken one Chronicle segment at a time ({@link SessionTable#forEachInSegment}) into off-heap
 * staging, streamed as SNAPSHOT_CHUNK records through the requester's control outbox at the pace the
 * transport accepts, and closed by one SNAPSHOT_END per origin watermark. The next segment is copied only
 * once the staged one has been written out, so staging holds one segment and no cycle copies more than
 * one: the replicator keeps applying and sending the live stream while it serves (a whole-table copy in
 * one cycle held the thread for about 0.3 s per 200,000 sessions, long enough for peers to mark it down).
 * <p>
 * The watermarks are taken when the request is accepted, on the thread that owns every apply, so every
 * record up to them is in the table before the first segment is copied; segments copied later may also
 * hold newer changes, which last-writer-wins makes harmless.
 */
final class SnapshotServer implements AutoCloseable {
    private static final int STAGED_LENGTH = FlowKey.SIZE + SessionEntry.SIZE;

    private final SessionVisitor stager = this::stage;
    private Arena arena;
    private MemorySegment staging = MemorySegment.NULL;
    private SessionTable table;
    private int segments;
    private int nextSegment;
    private long stagedCount;
    private long nextChunk;
    private long chunksWritten;
    private Peer requester;
    private long snapshotId;
    private long[] watermarkOrigins = new long[0];
    private long[] watermarkIncarnations = new long[0];
    private long[] watermarkSequences = new long[0];
    private int watermarkCount;
    private int nextEnd;

    boolean isServing() {
        return requester != null;
    }

    Peer requester() {
        return requester;
    }

    /**
     * Starts a snapshot of {@code table} for {@code requester}; nothing is copied yet.
     *
     * @param watermarks (origin, incarnation, sequence) triples, flattened
     */
    void start(Peer requester, long snapshotId, SessionTable table, long[] watermarks, int watermarkCount) {
        this.requester = requester;
        this.snapshotId = snapshotId;
        this.table = table;
        this.segments = table.segments();
        this.watermarkCount = watermarkCount;
        if (watermarkOrigins.length < watermarkCount) {
            watermarkOrigins = new long[watermarkCount];
            watermarkIncarnations = new long[watermarkCount];
            watermarkSequences = new long[watermarkCount];
        }
        for (int i = 0; i < watermarkCount; i++) {
            watermarkOrigins[i] = watermarks[3 * i];
            watermarkIncarnations[i] = watermarks[3 * i + 1];
            watermarkSequences[i] = watermarks[3 * i + 2];
        }
        nextSegment = 0;
        stagedCount = 0;
        nextChunk = 0;
        chunksWritten = 0;
        nextEnd = 0;
    }

    /** True while chunk or end records remain to be written. */
    boolean hasNext() {
        return requester != null && (nextChunk < stagedCount || nextSegment < segments || nextEnd < watermarkCount);
    }

    /** True when {@link #writeNext} has a record to write without copying another segment first. */
    boolean hasRecordReady() {
        return nextChunk < stagedCount || nextSegment >= segments && nextEnd < watermarkCount;
    }

    /** Copies the next segment into staging, once the staged one is written out; the caller does one per duty cycle. */
    void copyNextSegment() {
        stagedCount = 0;
        nextChunk = 0;
        table.forEachInSegment(nextSegment++, stager);
    }

    private void stage(FlowKey key, SessionEntry value) {
        ensureCapacity(stagedCount + 1);
        final long offset = stagedCount * STAGED_LENGTH;
        key.encode(staging, offset);
        value.encode(staging, offset + FlowKey.SIZE);
        stagedCount++;
    }

    private void ensureCapacity(long entries) {
        final long needed = entries * STAGED_LENGTH;
        if (staging.byteSize() >= needed) {
            return;
        }
        final Arena bigger = Arena.ofConfined();
        final MemorySegment grown = bigger.allocate(Math.max(needed, Math.max(64 * 1024, staging.byteSize() * 2)), 64);
        MemorySegment.copy(staging, 0, grown, 0, stagedCount * STAGED_LENGTH);
        if (arena != null) {
            arena.close();
        }
        arena = bigger;
        staging = grown;
    }

    /**
     * Writes the next chunk, or once every segment is out the next end record, into {@code record}.
     * Call only while {@link #hasRecordReady()}.
     */
    void writeNext(ReplicationRecord record, FlowKey key, SessionEntry entry, int originId, long sequence, long hlc) {
        if (nextChunk < stagedCount) {
            final long offset = nextChunk++ * STAGED_LENGTH;
            chunksWritten++;
            record.reset(RecordType.SNAPSHOT_CHUNK, originId, sequence, hlc)
                .putKey(key.decode(staging, offset))
                .putEntry(entry.decode(staging, offset + FlowKey.SIZE));
        } else {
            final int i = nextEnd++;
            record.reset(RecordType.SNAPSHOT_END, originId, sequence, hlc)
                .snapshotEnd(snapshotId, chunksWritten, (int) watermarkOrigins[i], watermarkIncarnations[i],
                    watermarkSequences[i], i, watermarkCount);
        }
    }

    /** Ends the current snapshot (complete, or its requester went away) and frees its staging. */
    void finish() {
        requester = null;
        table = null;
        if (arena != null) {
            arena.close();
            arena = null;
        }
        staging = MemorySegment.NULL;
        stagedCount = 0;
        nextChunk = 0;
        nextSegment = 0;
        segments = 0;
    }

    @Override
    public void close() {
        finish();
    }
}
