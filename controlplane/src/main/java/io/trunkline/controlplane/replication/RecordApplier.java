package io.trunkline.controlplane.replication;

import io.trunkline.fastpath.sync.SessionChangeListener;
import io.trunkline.fastpath.sync.SessionChangeOp;
import io.trunkline.store.FlowKey;
import io.trunkline.store.SessionEntry;
import io.trunkline.store.SessionState;
import io.trunkline.store.SessionTable;

/**
 * Applies replicated session records to the local table by last-writer-wins and tells the listener of each
 * one that won; counts, per received batch, what it applied and the oldest record version it saw (for the
 * lag). One per applying thread: it owns the reusable key and entry it decodes into.
 */
final class RecordApplier {
    private final SessionTable table;
    private final SessionChangeListener listener;
    private final FlowKey key = new FlowKey();
    private final SessionEntry entry = new SessionEntry();
    private int applied;
    private long oldestVersion = Long.MAX_VALUE;

    RecordApplier(SessionTable table, SessionChangeListener listener) {
        this.table = table;
        this.listener = listener;
    }

    /** Starts the counts of a new batch. */
    void startBatch() {
        applied = 0;
        oldestVersion = Long.MAX_VALUE;
    }

    /** Records that won last-writer-wins since {@link #startBatch}. */
    int applied() {
        return applied;
    }

    /** The oldest HLC version of the data records seen since {@link #startBatch}; {@code Long.MAX_VALUE} if none. */
    long oldestVersion() {
        return oldestVersion;
    }

    /** A session upsert, remove, client lock or lock release; records of other types are ignored. */
    void applyData(ReplicationRecord record) {
        final byte type = record.type();
        final boolean won;
        final SessionChangeOp op;
        switch (type) {
            case RecordType.SESSION_UPSERT, RecordType.CLIENT_LOCK -> {
                won = applyEntry(record);
                op = type == RecordType.SESSION_UPSERT ? SessionChangeOp.UPSERT : SessionChangeOp.LOCK;
            }
            case RecordType.SESSION_REMOVE, RecordType.LOCK_RELEASE -> {
                won = table.tombstoneIfNewer(record.readKey(key), record.hlcVersion(), record.originId());
                op = type == RecordType.SESSION_REMOVE ? SessionChangeOp.REMOVE : SessionChangeOp.UNLOCK;
            }
            default -> {
                return;
            }
        }
        oldestVersion = Math.min(oldestVersion, record.hlcVersion());
        if (won) {
            applied++;
            listener.onSessionChanged(op, record.readKey(key));
        }
    }

    // Straight from the record's bytes when they are in the table's stored form (always, from a correct peer).
    private boolean applyEntry(ReplicationRecord record) {
        final int result = record.applyAsStored(table);
        if (result != ReplicationRecord.NOT_STORABLE) {
            return result == ReplicationRecord.WON;
        }
        return table.applyIfNewer(record.readKey(key), record.readEntry(entry));
    }

    /** A snapshot chunk: the stored entry of its origin, a tombstone included. */
    void applySnapshotChunk(ReplicationRecord record) {
        if (applyEntry(record)) {
            applied++;
            final boolean tombstone = record.entryState() == SessionState.REMOVED.code();
            listener.onSessionChanged(tombstone ? SessionChangeOp.REMOVE : SessionChangeOp.UPSERT, record.readKey(key));
        }
    }
}
