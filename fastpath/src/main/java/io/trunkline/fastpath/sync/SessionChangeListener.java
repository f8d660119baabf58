package io.trunkline.fastpath.sync;

import io.trunkline.store.FlowKey;

/**
 * Told by the replicator after a change received from a peer was applied to the session table, so
 * that the workers drop the flow from their flow caches and read the table again on the next packet.
 * <p>
 * Called on the replicator's thread, or on its applier threads when it has any (then from several threads at
 * once), for every change that won last-writer-wins (never for one that lost): an implementation must not
 * block or allocate, typically it offers the key to each worker's multi-producer invalidation ring.
 */
@FunctionalInterface
public interface SessionChangeListener {
    /** A listener that ignores every change, for nodes without workers (tests, a control-plane-only node). */
    SessionChangeListener NONE = (op, key) -> { };

    /**
     * @param op  the change applied
     * @param key the flow key; the calling thread's reusable instance, valid only during the call
     */
    void onSessionChanged(SessionChangeOp op, FlowKey key);
}
