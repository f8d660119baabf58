package io.trunkline.controlplane.replication;

import io.trunkline.store.FlowKey;
import io.trunkline.store.SessionEntry;
import io.trunkline.store.SessionTable;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Serves snapshot requests, one at a time, on the replicator's thread.
 * <p>
 * A snapshot is a point-in-time copy of the whole table (tombstones included, so removals the
 * requester missed win there too) taken with {@link SessionTable#forEach} into off-heap staging, then
 * streamed as SNAPSHOT_CHUNK records through the requester's control outbox at the pace the transport
 * accepts, and closed by one SNAPSHOT_END per origin watermark. The copy is made on the replicator's
 * thread, which owns every apply, so the watermarks describe exactly what the copy holds.
 */
final class SnapshotServer implements AutoCloseable {
    private static final int STAGED_LENGTH = FlowKey.SIZE + SessionEntry.SIZE;

    private Arena arena;
    private MemorySegment staging = MemorySegment.NULL;
    private long stagedCount;
    private long nextChunk;
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
     * Copies the table for {@code requester}.
     *
     * @param watermarks (origin, incarnation, sequence) triples, flattened
     */
    void start(Peer requester, long snapshotId, SessionTable table, long[] watermarks, int watermarkCount) {
        this.requester = requester;
        this.snapshotId = snapshotId;
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
        stagedCount = 0;
        nextChunk = 0;
        nextEnd = 0;
        ensureCapacity(table.size() + 1024);
        table.forEach((key, value) -> {
            ensureCapacity(stagedCount + 1);
            final long offset = stagedCount * STAGED_LENGTH;
            key.encode(staging, offset);
            value.encode(staging, offset + FlowKey.SIZE);
            stagedCount++;
        });
    }

    private void ensureCapacity(long entries) {
        final long needed = entries * STAGED_LENGTH;
        if (staging.byteSize() >= needed) {
            return;
        }
        final Arena bigger = Arena.ofConfined();
        final MemorySegment grown = bigger.allocate(Math.max(needed, staging.byteSize() * 2), 64);
        MemorySegment.copy(staging, 0, grown, 0, stagedCount * STAGED_LENGTH);
        if (arena != null) {
            arena.close();
        }
        arena = bigger;
        staging = grown;
    }

    /** True while chunk or end records remain to be written. */
    boolean hasNext() {
        return requester != null && (nextChunk < stagedCount || nextEnd < watermarkCount);
    }

    /** Writes the next chunk, or once the chunks are out the next end record, into {@code record}. */
    void writeNext(ReplicationRecord record, FlowKey key, SessionEntry entry, int originId, long sequence, long hlc) {
        if (nextChunk < stagedCount) {
            final long offset = nextChunk++ * STAGED_LENGTH;
            record.reset(RecordType.SNAPSHOT_CHUNK, originId, sequence, hlc)
                .putKey(key.decode(staging, offset))
                .putEntry(entry.decode(staging, offset + FlowKey.SIZE));
        } else {
            final int i = nextEnd++;
            record.reset(RecordType.SNAPSHOT_END, originId, sequence, hlc)
                .snapshotEnd(snapshotId, stagedCount, (int) watermarkOrigins[i], watermarkIncarnations[i],
                    watermarkSequences[i], i, watermarkCount);
        }
    }

    /** Ends the current snapshot (complete, or its requester went away) and frees its staging. */
    void finish() {
        requester = null;
        if (arena != null) {
            arena.close();
            arena = null;
        }
        staging = MemorySegment.NULL;
        stagedCount = 0;
    }

    @Override
    public void close() {
        finish();
    }
}
