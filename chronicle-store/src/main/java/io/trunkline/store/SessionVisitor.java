package io.trunkline.store;

/** Receives the entries of {@link SessionTable#forEach}; must not call back into the table. */
@FunctionalInterface
public interface SessionVisitor {
    /**
     * @param key   valid during this call only (reused)
     * @param value valid during this call only (reused); may be a tombstone
     */
    void visit(FlowKey key, SessionEntry value);
}
