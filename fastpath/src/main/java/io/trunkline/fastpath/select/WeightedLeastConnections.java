package io.trunkline.fastpath.select;

/**
 * Picks the backend with the fewest active connections per unit of weight, compared by cross
 * multiplication ({@code c1 * w2 < c2 * w1}) so no division and no rounding. The scan starts at a slot
 * derived from the flow hash, so backends that tie share new flows instead of the first one taking them
 * all. Counts come from the worker's {@link ActiveConnections}: see there for what per-worker counts mean.
 * Selection does not count the new flow; the worker calls {@link ActiveConnections#opened} once the session
 * exists and {@link ActiveConnections#closed} when it ends.
 * <p>
 * One instance per worker and VIP, owned by the worker thread. Cost: one pass over the VIP's backends.
 */
public final class WeightedLeastConnections implements Selector {
    private final SelectionTable table;
    private final ActiveConnections connections;

    public WeightedLeastConnections(SelectionTable table, ActiveConnections connections) {
        this.table = table;
        this.connections = connections;
    }

    @Override
    public int select(int flowHash) {
        int count = table.backendCount();
        if (count == 0) {
            return NO_BACKEND;
        }
        int start = SelectionTable.slotOf(flowHash, count);
        int best = NO_BACKEND;
        long bestLoad = 0;
        long bestWeight = 1;
        for (int n = 0; n < count; n++) {
            int i = start + n < count ? start + n : start + n - count;
            int weight = table.weight(i);
            if (weight == 0) {
                continue;
            }
            int id = table.backendId(i);
            long load = connections.count(id);
            if (best == NO_BACKEND || load * bestWeight < bestLoad * weight) {
                best = id;
                bestLoad = load;
                bestWeight = weight;
            }
        }
        return best;
    }
}
