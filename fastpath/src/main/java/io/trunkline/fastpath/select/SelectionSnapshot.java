package io.trunkline.fastpath.select;

import java.util.Arrays;
import java.util.Objects;

/**
 * The selection tables of all VIPs at one moment, indexed by VIP index, with a version that grows with
 * each change. Immutable: the control plane derives the next snapshot with {@link #with}, which shares
 * the unchanged tables (so workers keep their per-VIP selector state for those), and publishes it
 * through {@code io.trunkline.fastpath.worker.ForwardingTables}.
 */
public final class SelectionSnapshot {
    private static final SelectionSnapshot EMPTY = new SelectionSnapshot(0, new SelectionTable[0]);

    private final long version;
    private final SelectionTable[] byVip;

    private SelectionSnapshot(long version, SelectionTable[] byVip) {
        this.version = version;
        this.byVip = byVip;
    }

    /** Version 0, no VIP. */
    public static SelectionSnapshot empty() {
        return EMPTY;
    }

    /** The next version, with {@code table} at {@code vipIndex}; VIP indexes not yet set get the empty table. */
    public SelectionSnapshot with(int vipIndex, SelectionTable table) {
        Objects.requireNonNull(table, "table");
        if (vipIndex < 0) {
            throw new IllegalArgumentException("VIP index " + vipIndex + " is negative");
        }
        SelectionTable[] next = Arrays.copyOf(byVip, Math.max(byVip.length, vipIndex + 1));
        for (int i = byVip.length; i < next.length; i++) {
            next[i] = SelectionTable.empty();
        }
        next[vipIndex] = table;
        return new SelectionSnapshot(version + 1, next);
    }

    public long version() {
        return version;
    }

    /** VIP indexes range over {@code 0 .. vipCount() - 1}. */
    public int vipCount() {
        return byVip.length;
    }

    /** The VIP's table; the empty table for an index past {@link #vipCount()}. */
    public SelectionTable table(int vipIndex) {
        return vipIndex < byVip.length ? byVip[vipIndex] : SelectionTable.empty();
    }
}
