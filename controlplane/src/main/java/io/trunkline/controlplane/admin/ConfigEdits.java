package io.trunkline.controlplane.admin;

import io.trunkline.controlplane.config.BackendConfig;
import io.trunkline.controlplane.config.PoolConfig;
import io.trunkline.controlplane.config.Suggestions;
import io.trunkline.controlplane.config.TrunklineConfig;
import io.trunkline.controlplane.config.VipConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The runtime changes of the admin API as whole configurations: each returns the running one with
 * one thing changed, for {@code DispatcherControl.apply} to judge ({@code ConfigRules}) and apply.
 * These only find what the change names; every rule between values is left to the one judge.
 */
final class ConfigEdits {
    private ConfigEdits() {
    }

    static VipConfig vip(TrunklineConfig config, String name) {
        return config.vip(name).orElseThrow(() -> unknown("VIP", name, config.vips().stream().map(VipConfig::name).toList()));
    }

    static PoolConfig pool(TrunklineConfig config, String name) {
        return config.pool(name).orElseThrow(() -> unknown("pool", name, config.pools().stream().map(PoolConfig::name).toList()));
    }

    static BackendConfig backend(TrunklineConfig config, String pool, String name) {
        PoolConfig p = pool(config, pool);
        return p.backend(name).orElseThrow(() -> unknown("backend", name, p.backends().stream().map(BackendConfig::name).toList(),
                " in pool " + pool));
    }

    /** A backend of that name in any pool, for a session filter that names no pool. */
    static void anyBackend(TrunklineConfig config, String name) {
        List<String> all = config.pools().stream().flatMap(p -> p.backends().stream()).map(BackendConfig::name).distinct().toList();
        if (!all.contains(name)) {
            throw unknown("backend", name, all);
        }
    }

    static TrunklineConfig withVip(TrunklineConfig config, VipConfig vip) {
        if (config.vip(vip.name()).isPresent()) {
            throw new AdminException("VIP \"" + vip.name() + "\" exists already (vip del first to replace it)");
        }
        List<VipConfig> vips = new ArrayList<>(config.vips());
        vips.add(vip);
        return withVips(config, vips);
    }

    static TrunklineConfig withoutVip(TrunklineConfig config, String name) {
        VipConfig gone = vip(config, name);
        return withVips(config, config.vips().stream().filter(v -> v != gone).toList());
    }

    static TrunklineConfig withBackend(TrunklineConfig config, String pool, BackendConfig backend) {
        PoolConfig p = pool(config, pool);
        if (p.backend(backend.name()).isPresent()) {
            throw new AdminException("backend \"" + backend.name() + "\" exists already in pool " + pool);
        }
        List<BackendConfig> backends = new ArrayList<>(p.backends());
        backends.add(backend);
        return withPool(config, new PoolConfig(p.name(), p.health(), p.onBackendDown(), backends));
    }

    static TrunklineConfig withoutBackend(TrunklineConfig config, String pool, String name) {
        PoolConfig p = pool(config, pool);
        BackendConfig gone = backend(config, pool, name);
        return withPool(config, new PoolConfig(p.name(), p.health(), p.onBackendDown(),
                p.backends().stream().filter(b -> b != gone).toList()));
    }

    static TrunklineConfig withBackendChanged(TrunklineConfig config, String pool, String name,
                                              UnaryOperator<BackendConfig> change) {
        PoolConfig p = pool(config, pool);
        BackendConfig before = backend(config, pool, name);
        return withPool(config, new PoolConfig(p.name(), p.health(), p.onBackendDown(),
                p.backends().stream().map(b -> b == before ? change.apply(b) : b).toList()));
    }

    private static TrunklineConfig withVips(TrunklineConfig c, List<VipConfig> vips) {
        return new TrunklineConfig(c.node(), c.dpdk(), c.ports(), c.workers(), c.sessionTable(), c.flowCache(), c.timeouts(),
                c.replication(), c.admin(), c.metrics(), c.routing(), vips, c.pools());
    }

    private static TrunklineConfig withPool(TrunklineConfig c, PoolConfig pool) {
        List<PoolConfig> pools = c.pools().stream().map(p -> p.name().equals(pool.name()) ? pool : p).toList();
        return new TrunklineConfig(c.node(), c.dpdk(), c.ports(), c.workers(), c.sessionTable(), c.flowCache(), c.timeouts(),
                c.replication(), c.admin(), c.metrics(), c.routing(), c.vips(), pools);
    }

    private static AdminException unknown(String what, String name, List<String> known) {
        return unknown(what, name, known, "");
    }

    private static AdminException unknown(String what, String name, List<String> known, String where) {
        String hint = Suggestions.closest(name, known).map(s -> ", did you mean \"" + s + "\"?")
                .orElse(known.isEmpty() ? " (there is none)" : " (known: " + String.join(", ", known) + ")");
        return new AdminException("unknown " + what + " \"" + name + "\"" + where + hint);
    }
}
