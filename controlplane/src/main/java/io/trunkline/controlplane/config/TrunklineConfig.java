package io.trunkline.controlplane.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole configuration of one dispatcher, as loaded from its YAML file by {@link ConfigLoader}
 * and written back by {@link ConfigWriter}. Immutable; a change makes a new instance, and
 * {@link ConfigDiff} says what differs. The records check only that nothing is null: the rules
 * between values live in {@link ConfigRules}, so that one place judges a file and a runtime change.
 * Backends without an id get one here ({@link BackendIds}), so every configuration has them all.
 */
public record TrunklineConfig(
        NodeConfig node,
        DpdkConfig dpdk,
        List<PortConfig> ports,
        WorkersConfig workers,
        SessionTableConfig sessionTable,
        FlowCacheConfig flowCache,
        TimeoutsConfig timeouts,
        ReplicationConfig replication,
        AdminConfig admin,
        MetricsConfig metrics,
        RoutingConfig routing,
        List<VipConfig> vips,
        List<PoolConfig> pools) {

    public TrunklineConfig {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(dpdk, "dpdk");
        ports = List.copyOf(ports);
        Objects.requireNonNull(workers, "workers");
        Objects.requireNonNull(sessionTable, "sessionTable");
        Objects.requireNonNull(flowCache, "flowCache");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(replication, "replication");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(routing, "routing");
        vips = List.copyOf(vips);
        pools = BackendIds.assign(pools);
    }

    public Optional<VipConfig> vip(String name) {
        return vips.stream().filter(v -> v.name().equals(name)).findFirst();
    }

    public Optional<PoolConfig> pool(String name) {
        return pools.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Backends over all pools. */
    public int backendCount() {
        return pools.stream().mapToInt(p -> p.backends().size()).sum();
    }
}
