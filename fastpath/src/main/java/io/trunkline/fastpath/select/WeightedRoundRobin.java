package io.trunkline.fastpath.select;

/**
 * Smooth weighted round robin, as nginx does it: on each pick every backend adds its weight to its
 * current weight, the largest current weight wins (the first on a tie) and pays back the sum of weights.
 * Weights 5, 1, 1 give {@code a a b a c a a}: shares exact over each cycle and the heavy backend's turns
 * spread out instead of bunched.
 * <p>
 * One instance per worker and VIP, owned by the worker thread; ignores the flow hash. Its state belongs to
 * one table: a new table (a new instance from {@link Policy#newSelector}) starts a new cycle.
 */
public final class WeightedRoundRobin implements Selector {
    private final SelectionTable table;
    private final long[] current;

    public WeightedRoundRobin(SelectionTable table) {
        this.table = table;
        this.current = new long[table.backendCount()];
    }

    @Override
    public int select(int flowHash) {
        long total = 0;
        int best = -1;
        for (int i = 0; i < current.length; i++) {
            int weight = table.weight(i);
            if (weight == 0) {
                continue;
            }
            current[i] += weight;
            total += weight;
            if (best < 0 || current[i] > current[best]) {
                best = i;
            }
        }
        if (best < 0) {
            return NO_BACKEND;
        }
        current[best] -= total;
        return table.backendId(best);
    }
}
