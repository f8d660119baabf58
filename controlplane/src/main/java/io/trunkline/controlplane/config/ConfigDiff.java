package io.trunkline.controlplane.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a reload changes: VIPs, pools and backends added, removed or changed, and settings, each
 * marked as applied live or needing a restart of the daemon.
 *
 * <p>A VIP is identified by its name and a backend by its pool and name. Changing the endpoint of
 * either (address, port, protocol) is a removal and an addition: sessions belong to an endpoint.
 * A weight going to 0 is a drain. Changes are listed in an order that can be applied one by
 * one: settings first, then what is referenced (pools, backends) is added before what references
 * it (VIPs), and removed after.
 */
public record ConfigDiff(List<Change> changes) {
    /**
     * Settings that need a restart: they size or bind what the daemon sets up once (EAL, ports,
     * workers, the shared table, sockets, the replicator's peers and keys). Everything else applies live.
     */
    private static final List<String> RESTART_PATHS = List.of("node.id", "dpdk", "ports", "workers", "session_table",
            "flow_cache", "timeouts", "replication", "admin", "metrics", "routing.bird", "routing.bfd");

    public ConfigDiff {
        changes = List.copyOf(changes);
    }

    /** One difference between two configurations. */
    public sealed interface Change {
        /** Only settings can need a restart: VIPs, pools and backends always apply live. */
        default boolean needsRestart() {
            return false;
        }

        /** One line for the operator: {@code +} added, {@code -} removed, {@code ~} changed. */
        String describe();
    }

    public record VipAdded(VipConfig vip) implements Change {
        @Override
        public String describe() {
            return "+ vip " + vip.name() + " " + endpoint(vip) + " " + Names.of(vip.mode()) + " " + Names.of(vip.policy())
                    + " pool " + vip.pool();
        }
    }

    public record VipRemoved(VipConfig vip) implements Change {
        @Override
        public String describe() {
            return "- vip " + vip.name() + " " + endpoint(vip);
        }
    }

    /** Same endpoint; mode, policy or pool changed. */
    public record VipChanged(VipConfig from, VipConfig to) implements Change {
        @Override
        public String describe() {
            List<String> fields = new ArrayList<>();
            field(fields, "mode", Names.of(from.mode()), Names.of(to.mode()));
            field(fields, "policy", Names.of(from.policy()), Names.of(to.policy()));
            field(fields, "pool", from.pool(), to.pool());
            return "~ vip " + to.name() + ": " + String.join(", ", fields);
        }
    }

    public record PoolAdded(PoolConfig pool) implements Change {
        @Override
        public String describe() {
            return "+ pool " + pool.name() + " (" + pool.backends().size() + " backends)";
        }
    }

    /** A removed pool takes its backends with it; they are not listed one by one. */
    public record PoolRemoved(PoolConfig pool) implements Change {
        @Override
        public String describe() {
            return "- pool " + pool.name() + " (" + pool.backends().size() + " backends)";
        }
    }

    /** Health check or backend-down policy changed; backend changes are listed apart. */
    public record PoolChanged(PoolConfig from, PoolConfig to) implements Change {
        @Override
        public String describe() {
            List<String> fields = new ArrayList<>();
            field(fields, "health", flow(ConfigWriter.health(from.health())), flow(ConfigWriter.health(to.health())));
            field(fields, "on_backend_down", Names.of(from.onBackendDown()), Names.of(to.onBackendDown()));
            return "~ pool " + to.name() + ": " + String.join(", ", fields);
        }
    }

    public record BackendAdded(String pool, BackendConfig backend) implements Change {
        @Override
        public String describe() {
            return "+ backend " + pool + "/" + backend.name() + " " + endpoint(backend) + " weight " + backend.weight();
        }
    }

    public record BackendRemoved(String pool, BackendConfig backend) implements Change {
        @Override
        public String describe() {
            return "- backend " + pool + "/" + backend.name() + " " + endpoint(backend);
        }
    }

    /** Same endpoint; weight, limit, MAC or next hop changed. */
    public record BackendChanged(String pool, BackendConfig from, BackendConfig to) implements Change {
        /** State drain or weight 0 now: no new sessions, existing ones continue. */
        public boolean drains() {
            return !from.drained() && to.drained();
        }

        /** Back from drain or weight 0. */
        public boolean undrains() {
            return from.drained() && !to.drained();
        }

        @Override
        public String describe() {
            List<String> fields = new ArrayList<>();
            field(fields, "state", Names.of(from.state()), Names.of(to.state()));
            // the drain note goes with the weight only when the weight is what drains: "state enabled -> drain" says it already
            String note = drains() ? " (drain)" : undrains() ? " (undrain)" : "";
            field(fields, "weight", from.weight() + "", to.weight() + (from.weight() == to.weight() ? "" : note));
            field(fields, "max_connections", from.maxConnections() + "", to.maxConnections() + "");
            field(fields, "mac", from.mac().map(MacAddress::toString).orElse("none"), to.mac().map(MacAddress::toString).orElse("none"));
            field(fields, "next_hop", from.nextHop().map(Addresses::format).orElse("none"),
                    to.nextHop().map(Addresses::format).orElse("none"));
            return "~ backend " + pool + "/" + to.name() + ": " + String.join(", ", fields);
        }
    }

    /**
     * A setting outside VIPs and pools.
     *
     * @param path the key path, {@code ports[0].mtu}
     * @param from the old value as the file writes it, {@code (none)} when absent
     * @param to   the new value
     */
    public record SettingChanged(String path, String from, String to, boolean needsRestart) implements Change {
        @Override
        public String describe() {
            return "~ " + path + ": " + from + " -> " + to + (needsRestart ? " (restart)" : "");
        }
    }

    public static ConfigDiff between(TrunklineConfig old, TrunklineConfig updated) {
        List<Change> changes = new ArrayList<>();
        settings(changes, "", ConfigWriter.tree(old), ConfigWriter.tree(updated));
        Keyed<PoolConfig> pools = Keyed.of(old.pools(), updated.pools(), PoolConfig::name);
        pools.added().forEach(p -> changes.add(new PoolAdded(p)));
        List<Change> backendsRemoved = new ArrayList<>();
        for (String name : pools.kept()) {
            poolChanges(changes, backendsRemoved, old.pool(name).orElseThrow(), updated.pool(name).orElseThrow());
        }
        Keyed<VipConfig> vips = Keyed.of(old.vips(), updated.vips(), VipConfig::name);
        vips.added().forEach(v -> changes.add(new VipAdded(v)));
        for (String name : vips.kept()) {
            VipConfig from = old.vip(name).orElseThrow();
            VipConfig to = updated.vip(name).orElseThrow();
            if (!endpoint(from).equals(endpoint(to))) {
                changes.add(new VipRemoved(from));
                changes.add(new VipAdded(to));
            } else if (!from.equals(to)) {
                changes.add(new VipChanged(from, to));
            }
        }
        vips.removed().forEach(v -> changes.add(new VipRemoved(v)));
        changes.addAll(backendsRemoved);
        pools.removed().forEach(p -> changes.add(new PoolRemoved(p)));
        return new ConfigDiff(changes);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    public boolean needsRestart() {
        return changes.stream().anyMatch(Change::needsRestart);
    }

    /** The changes a reload applies without a restart. */
    public List<Change> live() {
        return changes.stream().filter(c -> !c.needsRestart()).toList();
    }

    /** The changes that only take effect after a restart. */
    public List<Change> restartRequired() {
        return changes.stream().filter(Change::needsRestart).toList();
    }

    /**
     * This diff, when all of it applies live; else refuses it whole, one error per setting that needs a
     * restart, attributed to {@code source} (a running dispatcher cannot take part of a change).
     */
    public ConfigDiff requireLive(String source) throws ConfigException {
        if (needsRestart()) {
            throw new ConfigException(restartRequired().stream()
                    .map(c -> new ConfigError(source, 0, 0, "", c.describe() + ": needs a restart")).toList());
        }
        return this;
    }

    /** A header line and one indented line per change. */
    public String summary() {
        if (changes.isEmpty()) {
            return "no changes";
        }
        long restart = restartRequired().size();
        String header = changes.size() + (changes.size() == 1 ? " change" : " changes")
                + (restart == 0 ? ", all applied live" : ", " + restart + " of them after a restart");
        return header + changes.stream().map(c -> System.lineSeparator() + "  " + c.describe()).collect(Collectors.joining());
    }

    /** Backend removals go to {@code removals}: backends leave after the VIPs that may still send to them. */
    private static void poolChanges(List<Change> changes, List<Change> removals, PoolConfig from, PoolConfig to) {
        if (!from.health().equals(to.health()) || from.onBackendDown() != to.onBackendDown()) {
            changes.add(new PoolChanged(from, to));
        }
        Keyed<BackendConfig> backends = Keyed.of(from.backends(), to.backends(), BackendConfig::name);
        backends.added().forEach(b -> changes.add(new BackendAdded(to.name(), b)));
        for (String name : backends.kept()) {
            BackendConfig before = from.backend(name).orElseThrow();
            BackendConfig after = to.backend(name).orElseThrow();
            if (!endpoint(before).equals(endpoint(after)) || before.id() != after.id()) {
                changes.add(new BackendRemoved(to.name(), before));
                changes.add(new BackendAdded(to.name(), after));
            } else if (!before.equals(after)) {
                changes.add(new BackendChanged(to.name(), before, after));
            }
        }
        backends.removed().forEach(b -> removals.add(new BackendRemoved(to.name(), b)));
    }

    /** Walks the written form of both configurations outside VIPs and pools, leaf by leaf. */
    private static void settings(List<Change> changes, String path, Object from, Object to) {
        if (Objects.equals(from, to) || path.equals("vips") || path.equals("pools")) {
            return;
        }
        if (from instanceof Map<?, ?> a && to instanceof Map<?, ?> b) {
            Set<Object> keys = new LinkedHashSet<>(b.keySet());
            keys.addAll(a.keySet());
            for (Object key : keys) {
                settings(changes, path.isEmpty() ? key.toString() : path + "." + key, a.get(key), b.get(key));
            }
        } else if (from instanceof List<?> a && to instanceof List<?> b && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                settings(changes, path + "[" + i + "]", a.get(i), b.get(i));
            }
        } else {
            boolean restart = RESTART_PATHS.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + ".")
                    || path.startsWith(p + "["));
            changes.add(new SettingChanged(path, flow(from), flow(to), restart));
        }
    }

    /** A value on one line, YAML flow style. */
    static String flow(Object value) {
        return switch (value) {
            case null -> "(none)";
            case Map<?, ?> map -> map.entrySet().stream().map(e -> e.getKey() + ": " + flow(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
            case List<?> list -> list.stream().map(ConfigDiff::flow).collect(Collectors.joining(", ", "[", "]"));
            default -> value.toString();
        };
    }

    private static String endpoint(VipConfig vip) {
        return socket(vip.address(), vip.port()) + "/" + Names.of(vip.protocol());
    }

    private static String endpoint(BackendConfig backend) {
        return backend.port() == 0 ? Addresses.format(backend.address()) : socket(backend.address(), backend.port());
    }

    private static String socket(InetAddress address, int port) {
        return Addresses.format(new InetSocketAddress(address, port));
    }

    private static void field(List<String> fields, String name, String from, String to) {
        if (!from.equals(to)) {
            fields.add(name + " " + from + " -> " + to);
        }
    }

    /** Two lists of named things matched by name. */
    private record Keyed<T>(List<T> added, List<String> kept, List<T> removed) {
        static <T> Keyed<T> of(List<T> old, List<T> updated, Function<T, String> name) {
            Set<String> oldNames = old.stream().map(name).collect(Collectors.toSet());
            Set<String> newNames = updated.stream().map(name).collect(Collectors.toSet());
            return new Keyed<>(updated.stream().filter(t -> !oldNames.contains(name.apply(t))).toList(),
                    updated.stream().map(name).filter(oldNames::contains).toList(),
                    old.stream().filter(t -> !newNames.contains(name.apply(t))).toList());
        }
    }
}
