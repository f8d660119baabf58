package io.trunkline.store;

/**
 * Fills the session {@link SessionTable#getOrOpen} stores for a key that has no live session. Called under
 * the key's segment lock: it must be short and must not call back into the table.
 */
@FunctionalInterface
public interface SessionOpener {
    /**
     * @param key   the flow, valid during this call only
     * @param fresh to fill with the new session
     * @return false to open no session (no backend to give it)
     */
    boolean open(FlowKey key, SessionEntry fresh);
}
