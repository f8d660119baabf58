package io.trunkline.fastpath.select;

import java.util.Arrays;

/**
 * One worker's selectors, one per VIP, kept in step with the published {@link SelectionSnapshot}.
 * The worker calls {@link #refresh} once per burst with the snapshot it read; when the snapshot changed,
 * selectors are rebuilt only for VIPs whose table changed (others keep their round-robin position).
 * Owned by the worker thread. Allocates only in {@link #refresh} after a change, never per packet.
 */
public final class VipSelectors {
    private final ActiveConnections connections;
    private SelectionSnapshot snapshot = SelectionSnapshot.empty();
    private SelectionTable[] tables = new SelectionTable[0];
    private Selector[] selectors = new Selector[0];

    public VipSelectors(ActiveConnections connections) {
        this.connections = connections;
    }

    /** @return true when {@code latest} differed from the snapshot in use and has been taken up */
    public boolean refresh(SelectionSnapshot latest) {
        if (latest == snapshot) {
            return false;
        }
        int vipCount = latest.vipCount();
        SelectionTable[] nextTables = new SelectionTable[vipCount];
        Selector[] nextSelectors = Arrays.copyOf(selectors, vipCount);
        for (int vip = 0; vip < vipCount; vip++) {
            SelectionTable table = latest.table(vip);
            nextTables[vip] = table;
            if (vip >= tables.length || tables[vip] != table) {
                nextSelectors[vip] = table.policy().newSelector(table, connections);
            }
        }
        snapshot = latest;
        tables = nextTables;
        selectors = nextSelectors;
        return true;
    }

    /** The VIP's policy choice for a new flow (TCP SYN, first UDP datagram). */
    public int selectNew(int vipIndex, int flowHash) {
        return vipIndex < selectors.length ? selectors[vipIndex].select(flowHash) : Selector.NO_BACKEND;
    }

    /**
     * The consistent-hash choice, whatever the VIP's policy: for a packet with no session, and for new
     * flows when the session table is full. Every dispatcher with the same backend set answers the same.
     */
    public int consistentHash(int vipIndex, int flowHash) {
        return vipIndex < tables.length ? tables[vipIndex].lookup(flowHash) : Selector.NO_BACKEND;
    }

    public SelectionSnapshot snapshot() {
        return snapshot;
    }
}
