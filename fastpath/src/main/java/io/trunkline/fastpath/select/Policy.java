package io.trunkline.fastpath.select;

/**
 * How a VIP chooses the backend of a new flow. Whatever the policy, every VIP also has its Maglev
 * table: a packet with no session (a flow begun on another dispatcher whose sync record has not
 * arrived, or a full session table) takes the consistent-hash choice, the one every dispatcher makes.
 */
public enum Policy {
    /** Weighted Maglev consistent hashing: the new flow goes where the flow hash points. */
    MAGLEV,
    /** Smooth weighted round robin (nginx): per worker, ignores the flow hash. */
    WEIGHTED_ROUND_ROBIN,
    /** Fewest active connections per unit of weight, as this worker counts them. */
    WEIGHTED_LEAST_CONNECTIONS;

    /**
     * A selector for one worker and one VIP. Allocates: call when a new table arrives, not per packet.
     *
     * @param connections the worker's active-connection counts, used by {@link #WEIGHTED_LEAST_CONNECTIONS}
     */
    public Selector newSelector(SelectionTable table, ActiveConnections connections) {
        return switch (this) {
            case MAGLEV -> table;
            case WEIGHTED_ROUND_ROBIN -> new WeightedRoundRobin(table);
            case WEIGHTED_LEAST_CONNECTIONS -> new WeightedLeastConnections(table, connections);
        };
    }
}
