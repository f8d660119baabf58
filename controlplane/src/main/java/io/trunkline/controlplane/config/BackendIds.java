package io.trunkline.controlplane.config;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Gives each backend without an id the lowest id no other backend uses, in file order. Ids name a
 * backend in the shared session table and in replication records, so peers must agree on them:
 * dispatchers that load the same file agree; an operator adding a backend at run time on several
 * dispatchers gives it an explicit id (as HAProxy asks of servers whose stick tables are shared).
 */
final class BackendIds {
    private BackendIds() {
    }

    static List<PoolConfig> assign(List<PoolConfig> pools) {
        BitSet taken = new BitSet(BackendConfig.MAX_ID + 1);
        pools.forEach(pool -> pool.backends().forEach(b -> {
            if (b.id() > 0 && b.id() <= BackendConfig.MAX_ID) {
                taken.set(b.id());
            }
        }));
        List<PoolConfig> assigned = new ArrayList<>(pools.size());
        for (PoolConfig pool : pools) {
            List<BackendConfig> backends = new ArrayList<>(pool.backends().size());
            for (BackendConfig backend : pool.backends()) {
                if (backend.id() == BackendConfig.UNASSIGNED) {
                    int id = taken.nextClearBit(1);
                    taken.set(id);
                    backend = backend.withId(id);
                }
                backends.add(backend);
            }
            assigned.add(pool.withBackends(backends));
        }
        return List.copyOf(assigned);
    }
}
