package io.trunkline.fastpath.select;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Immutable selection snapshot of one VIP: its policy, its backends, and its weighted Maglev lookup
 * table. Built off the fast path (the build allocates and takes milliseconds), handed to workers through
 * {@code io.trunkline.fastpath.worker.ForwardingTables}, then only read.
 * <p>
 * <b>Maglev</b> (Eisenbud et al., NSDI 2016). Each backend with weight &gt; 0 walks its own permutation
 * of the {@code M} slots, {@code offset, offset + skip, offset + 2 skip, ... (mod M)}, where
 * {@code offset = h1(name) mod M} and {@code skip = h2(name) mod (M - 1) + 1}; M prime makes every walk
 * visit every slot. Backends take turns claiming the next free slot of their walk until all are taken.
 * Weights: per round every backend adds its weight to a credit and takes a turn only when the credit
 * reaches the largest weight (then pays that much back), so turns, and hence slots, go in proportion to
 * weight; equal weights give the paper's plain fill. When a backend leaves, the others' walks are
 * unchanged, so few slots beyond the leaver's own change owner.
 * <p>
 * <b>Deterministic.</b> Backends are sorted by name before the fill and {@code h1}, {@code h2} come from
 * {@link StableHash} over the name, so the same backend set (same names, weights, ids) gives an
 * identical table in any JVM, on any dispatcher, whatever order the backends were listed in.
 * <p>
 * <b>Table size.</b> {@link #tableSizeFor} returns the smallest prime &ge; max(65537, 100 x backends): the
 * paper's default size and its rule of 100 slots per backend (imbalance under about 1 %). The size must
 * stay fixed for a VIP's life: flow-to-slot mapping depends on it, and a size change remaps almost every
 * flow. So size the table from the pool's maximum backend count, not from the current count.
 * <p>
 * Flow hash to slot: {@code (flowHash as unsigned) * M >>> 32} (multiply-shift instead of a division;
 * uses the hash's high bits, which the session key's hash mixes fully).
 */
public final class SelectionTable implements Selector {
    /** Smallest table size {@link #tableSizeFor} returns: the Maglev paper's default. */
    public static final int MIN_TABLE_SIZE = 65537;
    /** Slots per backend {@link #tableSizeFor} allows for. */
    public static final int SLOTS_PER_BACKEND = 100;
    /** Bound on backends per VIP, which bounds the table at about 10 million slots (40 MB). */
    public static final int MAX_BACKENDS = 100_000;

    private static final long OFFSET_SEED = 0x6F66_6673_6574_0001L;
    private static final long SKIP_SEED = 0x736B_6970_0000_0002L;
    private static final SelectionTable EMPTY = new SelectionTable(Policy.MAGLEV, new Backend[0], new int[0]);

    private final Policy policy;
    private final Backend[] backends;
    private final int[] backendIds;
    private final int[] weights;
    private final int[] entries;

    private SelectionTable(Policy policy, Backend[] sortedBackends, int[] entries) {
        this.policy = policy;
        this.backends = sortedBackends;
        this.backendIds = Arrays.stream(sortedBackends).mapToInt(Backend::id).toArray();
        this.weights = Arrays.stream(sortedBackends).mapToInt(Backend::weight).toArray();
        this.entries = entries;
    }

    /** A Maglev table with no backend: every lookup answers {@link #NO_BACKEND}. */
    public static SelectionTable empty() {
        return EMPTY;
    }

    /** Smallest prime &ge; max({@link #MIN_TABLE_SIZE}, {@link #SLOTS_PER_BACKEND} x maxBackends). */
    public static int tableSizeFor(int maxBackends) {
        if (maxBackends < 0 || maxBackends > MAX_BACKENDS) {
            throw new IllegalArgumentException("max backends " + maxBackends + " outside 0.." + MAX_BACKENDS);
        }
        int candidate = Math.max(MIN_TABLE_SIZE, SLOTS_PER_BACKEND * maxBackends);
        while (!isPrime(candidate)) {
            candidate++;
        }
        return candidate;
    }

    /**
     * Builds a table. Allocates; call off the fast path.
     *
     * @param tableSize a prime, fixed for the VIP's life (see {@link #tableSizeFor}); must be at least
     *                  the number of backends with weight &gt; 0
     * @throws IllegalArgumentException for a non-prime size, a too small size, duplicate names or ids
     */
    public static SelectionTable build(Policy policy, Collection<Backend> backends, int tableSize) {
        Backend[] sorted = sortedByName(backends);
        if (!isPrime(tableSize)) {
            throw new IllegalArgumentException("table size " + tableSize + " is not a prime (use SelectionTable.tableSizeFor)");
        }
        List<Backend> active = new ArrayList<>();
        for (Backend backend : sorted) {
            if (backend.weight() > 0) {
                active.add(backend);
            }
        }
        if (active.size() > tableSize) {
            throw new IllegalArgumentException(active.size() + " backends do not fit a table of " + tableSize + " slots");
        }
        return new SelectionTable(policy, sorted, active.isEmpty() ? new int[0] : maglevFill(active, tableSize));
    }

    private static Backend[] sortedByName(Collection<Backend> backends) {
        Backend[] sorted = backends.toArray(new Backend[0]);
        Arrays.sort(sorted, Comparator.comparing(Backend::name));
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < sorted.length; i++) {
            if (i > 0 && sorted[i].name().equals(sorted[i - 1].name())) {
                throw new IllegalArgumentException("backend name '" + sorted[i].name() + "' appears twice");
            }
            if (!ids.add(sorted[i].id())) {
                throw new IllegalArgumentException("backend id " + sorted[i].id() + " appears twice");
            }
        }
        return sorted;
    }

    private static int[] maglevFill(List<Backend> active, int size) {
        int count = active.size();
        int[] ids = new int[count];
        int[] weight = new int[count];
        int[] position = new int[count];
        int[] skip = new int[count];
        long[] credit = new long[count];
        int maxWeight = 0;
        for (int i = 0; i < count; i++) {
            Backend backend = active.get(i);
            ids[i] = backend.id();
            weight[i] = backend.weight();
            position[i] = (int) Long.remainderUnsigned(StableHash.hash(backend.name(), OFFSET_SEED), size);
            skip[i] = (int) Long.remainderUnsigned(StableHash.hash(backend.name(), SKIP_SEED), size - 1) + 1;
            maxWeight = Math.max(maxWeight, weight[i]);
        }
        int[] entries = new int[size];
        Arrays.fill(entries, NO_BACKEND);
        int filled = 0;
        while (true) {
            for (int i = 0; i < count; i++) {
                credit[i] += weight[i];
                if (credit[i] < maxWeight) {
                    continue;
                }
                credit[i] -= maxWeight;
                int slot = position[i];
                while (entries[slot] != NO_BACKEND) {
                    slot = advance(slot, skip[i], size);
                }
                entries[slot] = ids[i];
                position[i] = advance(slot, skip[i], size);
                if (++filled == size) {
                    return entries;
                }
            }
        }
    }

    private static int advance(int slot, int skip, int size) {
        int next = slot + skip;
        return next >= size ? next - size : next;
    }

    static boolean isPrime(int n) {
        if (n < 2) {
            return false;
        }
        if (n % 2 == 0) {
            return n == 2;
        }
        for (int d = 3; (long) d * d <= n; d += 2) {
            if (n % d == 0) {
                return false;
            }
        }
        return true;
    }

    /** The consistent-hash choice for this flow hash: one multiply, one shift, one array read. */
    public int lookup(int flowHash) {
        int[] table = entries;
        if (table.length == 0) {
            return NO_BACKEND;
        }
        return table[slotOf(flowHash, table.length)];
    }

    /** Same as {@link #lookup}: as a {@link Selector} the table is the {@link Policy#MAGLEV} policy. */
    @Override
    public int select(int flowHash) {
        return lookup(flowHash);
    }

    static int slotOf(int flowHash, int size) {
        return (int) (((flowHash & 0xFFFF_FFFFL) * size) >>> 32);
    }

    public Policy policy() {
        return policy;
    }

    /** Number of slots; 0 when no backend takes new flows. */
    public int tableSize() {
        return entries.length;
    }

    /** Backend id in a slot, for diagnostics and tests. */
    public int entry(int slot) {
        return entries[slot];
    }

    /** All backends including weight-0 ones, sorted by name; index {@code i} is the i-th. */
    public int backendCount() {
        return backendIds.length;
    }

    public int backendId(int index) {
        return backendIds[index];
    }

    public int weight(int index) {
        return weights[index];
    }

    public Backend backend(int index) {
        return backends[index];
    }

    /** A copy of the lookup table, for comparing two builds. */
    public int[] entries() {
        return entries.clone();
    }
}
