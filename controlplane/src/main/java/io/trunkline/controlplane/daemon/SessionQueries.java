package io.trunkline.controlplane.daemon;

import io.trunkline.controlplane.config.BackendConfig;
import io.trunkline.controlplane.config.PoolConfig;
import io.trunkline.controlplane.config.TrunklineConfig;
import io.trunkline.controlplane.config.VipConfig;
import io.trunkline.fastpath.packet.IpAddresses;
import io.trunkline.store.FlowKey;
import io.trunkline.store.SessionEntry;
import io.trunkline.store.SessionTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the shared session table for operators: which VIP and backend a session belongs to, by the
 * running configuration. A scan of the whole table under Chronicle's segment locks, off the packet path.
 */
final class SessionQueries {
    private final TrunklineConfig config;
    private final Map<Integer, String[]> backendsById = new HashMap<>();

    SessionQueries(TrunklineConfig config) {
        this.config = config;
        for (PoolConfig pool : config.pools()) {
            for (BackendConfig backend : pool.backends()) {
                backendsById.put(backend.id(), new String[] {pool.name(), backend.name()});
            }
        }
        filterNames(SessionFilter.ALL);
    }

    /** Refuses a filter naming a VIP, pool or backend the configuration does not have. */
    void filterNames(SessionFilter filter) {
        filter.vip().filter(vip -> config.vip(vip).isEmpty()).ifPresent(vip -> {
            throw new IllegalArgumentException("unknown VIP " + vip);
        });
        filter.pool().filter(pool -> config.pool(pool).isEmpty()).ifPresent(pool -> {
            throw new IllegalArgumentException("unknown pool " + pool);
        });
        filter.backend().filter(b -> backendsById.values().stream().noneMatch(names -> names[1].equals(b)))
                .ifPresent(b -> {
                    throw new IllegalArgumentException("unknown backend " + b);
                });
    }

    long count(SessionTable table, SessionFilter filter) {
        filterNames(filter);
        long[] count = {0};
        table.forEach((key, entry) -> {
            if (!entry.isTombstone() && matches(key, entry, filter)) {
                count[0]++;
            }
        });
        return count[0];
    }

    List<SessionView> list(SessionTable table, SessionFilter filter, int limit, long nowMillis) {
        filterNames(filter);
        List<SessionView> views = new ArrayList<>();
        table.forEach((key, entry) -> {
            if (views.size() < limit && !entry.isTombstone() && matches(key, entry, filter)) {
                views.add(view(key, entry, nowMillis));
            }
        });
        return views;
    }

    /** The live sessions matching {@code filter}, as keys to remove (copies). */
    List<FlowKey> keys(SessionTable table, SessionFilter filter) {
        filterNames(filter);
        List<FlowKey> keys = new ArrayList<>();
        table.forEach((key, entry) -> {
            if (!entry.isTombstone() && matches(key, entry, filter)) {
                keys.add(new FlowKey().copyFrom(key));
            }
        });
        return keys;
    }

    /** Live sessions per backend id. */
    Map<Integer, Long> perBackend(SessionTable table) {
        Map<Integer, Long> counts = new HashMap<>();
        table.forEach((key, entry) -> {
            if (!entry.isTombstone()) {
                counts.merge(entry.backendId(), 1L, Long::sum);
            }
        });
        return counts;
    }

    private boolean matches(FlowKey key, SessionEntry entry, SessionFilter filter) {
        if (filter.vip().isPresent() && !filter.vip().get().equals(vipName(key))) {
            return false;
        }
        String[] backend = backendsById.get(entry.backendId());
        if (filter.pool().isPresent() && (backend == null || !filter.pool().get().equals(backend[0]))) {
            return false;
        }
        return filter.backend().isEmpty() || backend != null && filter.backend().get().equals(backend[1]);
    }

    private SessionView view(FlowKey key, SessionEntry entry, long nowMillis) {
        String[] backend = backendsById.getOrDefault(entry.backendId(), new String[] {"?", "id " + entry.backendId()});
        String text = key.toString();
        int arrow = text.indexOf(" -> ");
        String client = text.substring(text.indexOf(' ') + 1, arrow);
        return new SessionView(text.substring(0, text.indexOf(' ')), client, vipName(key), text.substring(arrow + 4),
                backend[0], backend[1], entry.state().name(), entry.originId(),
                nowMillis - entry.createdMillis(), nowMillis - entry.lastSeenMillis());
    }

    private String vipName(FlowKey key) {
        for (VipConfig vip : config.vips()) {
            if (ForwardingCompiler.protocol(vip.protocol()) == key.protocol() && vip.port() == key.vipPort()
                    && IpAddresses.high(vip.address()) == key.vipHi() && IpAddresses.low(vip.address()) == key.vipLo()) {
                return vip.name();
            }
        }
        return "?";
    }
}
