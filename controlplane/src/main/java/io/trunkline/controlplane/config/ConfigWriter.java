package io.trunkline.controlplane.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes a {@link TrunklineConfig} as the YAML {@link ConfigLoader} reads ({@code config save}).
 * Every setting is written, defaults included, so the saved file says what the dispatcher runs
 * with; keys that only exist in some cases (HTTP check path, a backend's MAC) only then.
 */
public final class ConfigWriter {
    private ConfigWriter() {
    }

    public static String toYaml(TrunklineConfig config) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.AUTO);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setWidth(120);
        return "# Trunkline dispatcher configuration (docs/config.md)\n" + new Yaml(options).dump(tree(config));
    }

    /** Replaces {@code file} atomically: a reader sees the old file or the new one, never half of it. */
    public static void write(TrunklineConfig config, Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path temporary = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
        try {
            Files.writeString(temporary, toYaml(config));
            Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The file's tree of mappings, lists and scalars, keys in the order the reference documents them. */
    static Map<String, Object> tree(TrunklineConfig config) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("node", map("id", config.node().id(), "name", config.node().name()));
        root.put("dpdk", dpdk(config.dpdk()));
        root.put("ports", config.ports().stream().map(ConfigWriter::port).toList());
        root.put("workers", map("lcores", config.workers().lcores(), "idle", Names.of(config.workers().idle())));
        root.put("session_table", sessionTable(config.sessionTable()));
        root.put("flow_cache", map("entries_per_worker", config.flowCache().entriesPerWorker()));
        TimeoutsConfig timeouts = config.timeouts();
        root.put("timeouts", map("tcp_syn", Units.formatDuration(timeouts.tcpSyn()),
                "tcp_established", Units.formatDuration(timeouts.tcpEstablished()),
                "tcp_closing", Units.formatDuration(timeouts.tcpClosing()), "udp", Units.formatDuration(timeouts.udp())));
        root.put("replication", replication(config.replication()));
        SshConfig ssh = config.admin().ssh();
        root.put("admin", map("socket", config.admin().socket().toString(),
                "ssh", map("enabled", ssh.enabled(), "listen", Addresses.format(ssh.listen()),
                        "authorized_keys", ssh.authorizedKeys().toString(), "host_key", ssh.hostKey().toString())));
        root.put("metrics", map("listen", Addresses.format(config.metrics().listen())));
        root.put("routing", routing(config.routing()));
        root.put("vips", config.vips().stream().map(ConfigWriter::vip).toList());
        root.put("pools", config.pools().stream().map(ConfigWriter::pool).toList());
        return root;
    }

    private static Map<String, Object> sessionTable(SessionTableConfig table) {
        Map<String, Object> section = new LinkedHashMap<>();
        table.path().ifPresent(file -> section.put("path", file.toString()));
        section.put("capacity", table.capacity());
        return section;
    }

    private static Map<String, Object> dpdk(DpdkConfig dpdk) {
        Map<String, Object> section = map("main_lcore", dpdk.mainLcore(), "eal_args", dpdk.ealArgs(),
                "memory", Names.of(dpdk.memory()));
        if (dpdk.memorySize() != 0) {
            section.put("memory_size", Units.formatSize(dpdk.memorySize()));
        }
        return section;
    }

    private static Map<String, Object> port(PortConfig port) {
        Map<String, Object> section = map("name", port.name(), "device", port.device(),
                "addresses", port.addresses().stream().map(Cidr::toString).toList(), "mtu", port.mtu());
        if (!port.gateways().isEmpty()) {
            section.put("gateways", port.gateways().stream().map(Addresses::format).toList());
        }
        port.exceptionPath().ifPresent(exception -> section.put("exception_path", map("interface", exception.interfaceName(),
                "rate", exception.rate(), "burst", exception.burst())));
        return section;
    }

    private static Map<String, Object> replication(ReplicationConfig replication) {
        Map<String, Object> section = map("transport", Names.of(replication.transport()),
                "fallback", Names.of(replication.fallback()));
        replication.listen().ifPresent(listen -> section.put("listen", Addresses.format(listen)));
        section.put("peers", replication.peers().stream()
                .map(peer -> map("id", peer.id(), "address", Addresses.format(peer.address()))).toList());
        replication.clusterKeyFile().ifPresent(key -> section.put("cluster_key_file", key.toString()));
        section.put("batch_delay", Units.formatDuration(replication.batchDelay()));
        if (replication.appliers() != ReplicationConfig.DEFAULT.appliers()) {
            section.put("appliers", replication.appliers());
        }
        if (replication.mtu() != ReplicationConfig.DEFAULT.mtu()) {
            section.put("mtu", replication.mtu());
        }
        section.put("heartbeat", map("interval", Units.formatDuration(replication.heartbeat().interval()),
                "miss_limit", replication.heartbeat().missLimit()));
        if (replication.transport() == ReplicationConfig.Transport.RDMA) {
            Map<String, Object> rdma = new LinkedHashMap<>();
            replication.rdma().device().ifPresent(device -> rdma.put("device", device));
            rdma.put("port", replication.rdma().port());
            rdma.put("gid_index", replication.rdma().gidIndex());
            section.put("rdma", rdma);
        }
        return section;
    }

    private static Map<String, Object> routing(RoutingConfig routing) {
        Map<String, Object> section = new LinkedHashMap<>();
        routing.bgp().ifPresent(bgp -> section.put("bgp", bgp(bgp)));
        BfdConfig bfd = routing.bfd();
        section.put("bfd", map("tx_interval", Units.formatDuration(bfd.txInterval()),
                "rx_interval", Units.formatDuration(bfd.rxInterval()), "multiplier", bfd.multiplier()));
        BirdConfig bird = routing.bird();
        section.put("bird", map("binary", bird.binary().toString(), "socket", bird.socket().toString(),
                "config", bird.config().toString(), "pid_file", bird.pidFile().toString()));
        return section;
    }

    private static Map<String, Object> bgp(BgpConfig bgp) {
        Map<String, Object> section = map("local_as", bgp.localAs());
        bgp.routerId().ifPresent(id -> section.put("router_id", Addresses.format(id)));
        section.put("announce", bgp.announce());
        section.put("hold_time", Units.formatDuration(bgp.holdTime()));
        section.put("keepalive", Units.formatDuration(bgp.keepalive()));
        section.put("neighbours", bgp.neighbours().stream().map(ConfigWriter::neighbour).toList());
        return section;
    }

    private static Map<String, Object> neighbour(BgpNeighbourConfig neighbour) {
        Map<String, Object> section = map("address", Addresses.format(neighbour.address()), "as", neighbour.as());
        neighbour.passwordFile().ifPresent(file -> section.put("password_file", file.toString()));
        neighbour.source().ifPresent(source -> section.put("source", Addresses.format(source)));
        return section;
    }

    private static Map<String, Object> vip(VipConfig vip) {
        return map("name", vip.name(), "address", Addresses.format(vip.address()), "port", vip.port(),
                "protocol", Names.of(vip.protocol()), "mode", Names.of(vip.mode()), "policy", Names.of(vip.policy()),
                "pool", vip.pool());
    }

    private static Map<String, Object> pool(PoolConfig pool) {
        return map("name", pool.name(), "health", health(pool.health()), "on_backend_down", Names.of(pool.onBackendDown()),
                "backends", pool.backends().stream().map(ConfigWriter::backend).toList());
    }

    static Map<String, Object> health(HealthCheckConfig health) {
        Map<String, Object> section = map("type", Names.of(health.type()));
        if (health.type() == HealthCheckConfig.Type.HTTP) {
            section.put("path", health.path());
            section.put("expect", health.expect());
        }
        section.put("interval", Units.formatDuration(health.interval()));
        section.put("timeout", Units.formatDuration(health.timeout()));
        section.put("rise", health.rise());
        section.put("fall", health.fall());
        return section;
    }

    static Map<String, Object> backend(BackendConfig backend) {
        Map<String, Object> section = map("name", backend.name(), "id", backend.id(), "address", Addresses.format(backend.address()));
        if (backend.port() != 0) {
            section.put("port", backend.port());
        }
        section.put("weight", backend.weight());
        section.put("max_connections", backend.maxConnections());
        backend.mac().ifPresent(mac -> section.put("mac", mac.toString()));
        backend.nextHop().ifPresent(hop -> section.put("next_hop", Addresses.format(hop)));
        if (backend.state() != BackendConfig.AdminState.ENABLED) {
            section.put("state", Names.of(backend.state()));
        }
        return section;
    }

    /** An ordered mapping from alternating keys and values. */
    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object value = keysAndValues[i + 1];
            map.put((String) keysAndValues[i], value instanceof List<?> list ? List.copyOf(list) : value);
        }
        return map;
    }
}
