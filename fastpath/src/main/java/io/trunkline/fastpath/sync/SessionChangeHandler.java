package io.trunkline.fastpath.sync;

import io.trunkline.store.FlowKey;
import io.trunkline.store.SessionEntry;

/**
 * Receives the changes drained from a {@link SessionChangeQueue}, on the consumer's thread.
 * The key and entry are the queue's reusable instances, valid only during the call: copy what must be kept.
 */
@FunctionalInterface
public interface SessionChangeHandler {
    /**
     * @param op      what happened
     * @param key     the session's flow key
     * @param version the HLC version of the change
     * @param entry   the session entry for {@link SessionChangeOp#carriesEntry() UPSERT and LOCK};
     *                for REMOVE and UNLOCK its content is unspecified
     */
    void onSessionChange(SessionChangeOp op, FlowKey key, long version, SessionEntry entry);
}
