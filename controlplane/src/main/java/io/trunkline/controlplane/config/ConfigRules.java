package io.trunkline.controlplane.config;

import io.trunkline.controlplane.replication.ReplicationContext;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * The rules a configuration must keep, checked on the model so that a loaded file and a runtime
 * change (admin API) are judged alike. Each violation names the key path it is reported at and
 * the paths whose values it depends on; the loader uses those to stay silent about rules that
 * only fail because a value it already reported could not be read.
 */
public final class ConfigRules {
    /** Names of nodes, ports, VIPs, pools and backends: they appear in CLI commands and metric labels. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Pattern PCI_ADDRESS = Pattern.compile("([0-9a-fA-F]{4}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7]");
    private static final Pattern VDEV = Pattern.compile("net_[A-Za-z0-9_]+(,[^,\\s]+)*");
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (ExceptionPathConfig.MAX_INTERFACE_NAME - 1) + "}");
    /** EAL arguments the daemon derives from other keys: the key to use instead. */
    private static final Map<String, String> RESERVED_EAL_ARGS = Map.of(
            "--file-prefix", "the daemon sets it",
            "-l", "use dpdk.main_lcore and workers.lcores",
            "-c", "use dpdk.main_lcore and workers.lcores",
            "--lcores", "use dpdk.main_lcore and workers.lcores",
            "--main-lcore", "use dpdk.main_lcore",
            "--no-huge", "use dpdk.memory: anonymous",
            "-m", "use dpdk.memory_size");
    static final int MAX_LCORE = 1023;
    private static final long MIB = 1L << 20;
    private static final Duration MAX_BATCH_DELAY = Duration.ofMillis(10);
    /** AS 0 is reserved (RFC 7607), 4294967295 too (RFC 7300). */
    private static final long MAX_AS = 4_294_967_294L;
    /** RFC 4271: a hold time is 0 or at least 3 s; Trunkline always wants keepalives. */
    private static final Duration MIN_HOLD_TIME = Duration.ofSeconds(3);
    private static final Duration MAX_HOLD_TIME = Duration.ofSeconds(65535);
    private static final Duration MIN_BFD_INTERVAL = Duration.ofMillis(1);
    private static final Duration MAX_BFD_INTERVAL = Duration.ofSeconds(10);

    /**
     * A broken rule.
     *
     * @param path    where it is reported
     * @param message the rule and the offending value
     * @param inputs  the paths of every value the rule looked at, {@code path} first
     */
    public record Violation(String path, String message, List<String> inputs) {
        public Violation {
            inputs = List.copyOf(inputs);
        }
    }

    private final TrunklineConfig config;
    private final List<Violation> found = new ArrayList<>();

    private ConfigRules(TrunklineConfig config) {
        this.config = config;
    }

    /** Every rule the configuration breaks, in the order of the file's sections. */
    public static List<Violation> check(TrunklineConfig config) {
        ConfigRules rules = new ConfigRules(config);
        rules.node();
        rules.dpdk();
        rules.ports();
        rules.workers();
        rules.sessionTableAndCache();
        rules.timeouts();
        rules.replication();
        rules.adminAndMetrics();
        rules.routing();
        rules.vips();
        rules.pools();
        rules.natRepliesDistinct();
        return rules.withoutConsequences();
    }

    /**
     * Keys the configuration sets that are accepted, shown and saved but not yet applied: the operator must not
     * count on them. A backend's {@code max_connections} is not enforced by the fast path (admission control,
     * a later piece of work, will).
     */
    public static List<Violation> warnings(TrunklineConfig config) {
        List<Violation> warnings = new ArrayList<>();
        for (int p = 0; p < config.pools().size(); p++) {
            List<BackendConfig> backends = config.pools().get(p).backends();
            for (int b = 0; b < backends.size(); b++) {
                int limit = backends.get(b).maxConnections();
                if (limit > 0) {
                    String path = "pools[" + p + "].backends[" + b + "].max_connections";
                    warnings.add(new Violation(path, "not enforced yet: the fast path does not limit a backend's sessions,"
                            + " so " + limit + " is not a limit (0, no limit, is what applies)", List.of(path)));
                }
            }
        }
        return warnings;
    }

    /**
     * Keeps the first broken rule of each value and drops a violation that depends on a value
     * already reported as wrong: a backend port that differs from an out-of-range VIP port says
     * nothing new.
     */
    private List<Violation> withoutConsequences() {
        List<Violation> kept = new ArrayList<>();
        Set<String> violated = new HashSet<>();
        for (Violation violation : found) {
            if (violation.inputs().stream().noneMatch(violated::contains)) {
                kept.add(violation);
            }
            violated.add(violation.path());
        }
        return List.copyOf(kept);
    }

    /** Refuses a configuration built at runtime (no file positions) that breaks a rule. */
    public static void validate(TrunklineConfig config, String source) throws ConfigException {
        List<Violation> violations = check(config);
        if (!violations.isEmpty()) {
            throw new ConfigException(violations.stream()
                    .map(v -> new ConfigError(source, 0, 0, v.path(), v.message())).toList());
        }
    }

    private void fail(String message, String path, String... otherInputs) {
        List<String> inputs = new ArrayList<>();
        inputs.add(path);
        inputs.addAll(List.of(otherInputs));
        found.add(new Violation(path, message, inputs));
    }

    private void range(String path, long value, long min, long max) {
        if (value < min || value > max) {
            fail("must be " + min + ".." + max + ", got " + value, path);
        }
    }

    private void name(String path, String value) {
        if (!NAME.matcher(value).matches()) {
            fail("must be 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit, got \""
                    + value + "\"", path);
        }
    }

    private void absolute(String path, Path value) {
        if (!value.isAbsolute()) {
            fail("must be an absolute path, got " + value, path);
        }
    }

    private void positive(String path, Duration value) {
        if (value.isZero()) {
            fail("must be longer than 0", path);
        }
    }

    /** Reports the second and later occurrence of each key, pointing back at the first. */
    private <T> void unique(List<T> keys, IntFunction<String> pathOf, String what) {
        Map<T, Integer> first = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            Integer earlier = first.putIfAbsent(keys.get(i), i);
            if (earlier != null) {
                fail("duplicate " + what + " " + render(keys.get(i)) + ", first used by " + pathOf.apply(earlier),
                        pathOf.apply(i), pathOf.apply(earlier));
            }
        }
    }

    private static String render(Object key) {
        return switch (key) {
            case String s -> "\"" + s + "\"";
            case InetSocketAddress socket -> Addresses.format(socket);
            case InetAddress address -> Addresses.format(address);
            default -> key.toString();
        };
    }

    private void node() {
        range("node.id", config.node().id(), 1, 65535);
        name("node.name", config.node().name());
    }

    private void dpdk() {
        DpdkConfig dpdk = config.dpdk();
        range("dpdk.main_lcore", dpdk.mainLcore(), 0, MAX_LCORE);
        for (int i = 0; i < dpdk.ealArgs().size(); i++) {
            String arg = dpdk.ealArgs().get(i);
            String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String instead = RESERVED_EAL_ARGS.get(option);
            if (instead != null) {
                fail(option + " is not allowed here: " + instead, "dpdk.eal_args[" + i + "]");
            }
        }
        if (dpdk.memorySize() % MIB != 0) {
            fail("must be a whole number of MiB, got " + Units.formatSize(dpdk.memorySize()), "dpdk.memory_size");
        }
    }

    private void ports() {
        List<PortConfig> ports = config.ports();
        if (ports.isEmpty()) {
            fail("at least one port is needed", "ports");
        }
        Map<InetAddress, String> owners = new HashMap<>();
        for (int p = 0; p < ports.size(); p++) {
            PortConfig port = ports.get(p);
            String path = "ports[" + p + "]";
            name(path + ".name", port.name());
            if (!PCI_ADDRESS.matcher(port.device()).matches() && !VDEV.matcher(port.device()).matches()) {
                fail("must be a PCI address like 0000:03:00.0 or a DPDK virtual device like net_af_xdp0,iface=eth1, got \""
                        + port.device() + "\"", path + ".device");
            }
            range(path + ".mtu", port.mtu(), 68, 9216);
            if (port.addresses().isEmpty()) {
                fail("at least one address is needed (the router's next hop for the VIPs)", path + ".addresses");
            }
            for (int a = 0; a < port.addresses().size(); a++) {
                Cidr cidr = port.addresses().get(a);
                String addressPath = path + ".addresses[" + a + "]";
                String owner = owners.putIfAbsent(cidr.address(), addressPath);
                if (owner != null) {
                    fail("address " + Addresses.format(cidr.address()) + " already used by " + owner, addressPath, owner);
                }
                if (cidr.address() instanceof Inet6Address && port.mtu() < 1280) {
                    fail("must be at least 1280 on a port with an IPv6 address, got " + port.mtu(), path + ".mtu", addressPath);
                }
            }
        }
        unique(ports.stream().map(PortConfig::name).toList(), i -> "ports[" + i + "].name", "name");
        unique(ports.stream().map(PortConfig::device).toList(), i -> "ports[" + i + "].device", "device");
        for (int p = 0; p < ports.size(); p++) {
            gateways(ports.get(p), "ports[" + p + "]");
            exceptionPath(ports.get(p), "ports[" + p + "].exception_path");
        }
        Map<String, Integer> interfaces = new HashMap<>();
        for (int p = 0; p < ports.size(); p++) {
            int port = p;
            ports.get(p).exceptionPath().map(ExceptionPathConfig::interfaceName).ifPresent(name -> {
                Integer earlier = interfaces.putIfAbsent(name, port);
                if (earlier != null) {
                    fail("duplicate kernel interface \"" + name + "\", first used by ports[" + earlier + "].exception_path.interface",
                            "ports[" + port + "].exception_path.interface", "ports[" + earlier + "].exception_path.interface");
                }
            });
        }
    }

    private void gateways(PortConfig port, String path) {
        Set<Boolean> families = new HashSet<>();
        for (int g = 0; g < port.gateways().size(); g++) {
            InetAddress gateway = port.gateways().get(g);
            String gatewayPath = path + ".gateways[" + g + "]";
            unicast(gatewayPath, gateway);
            if (port.addresses().stream().noneMatch(c -> c.contains(gateway))) {
                fail("gateway " + Addresses.format(gateway) + " is on none of the port's networks", gatewayPath, path + ".addresses");
            } else if (port.addresses().stream().anyMatch(c -> c.address().equals(gateway))) {
                fail("gateway " + Addresses.format(gateway) + " is one of the port's own addresses", gatewayPath, path + ".addresses");
            }
            if (!families.add(gateway instanceof Inet6Address)) {
                fail("at most one gateway per family, got a second " + (gateway instanceof Inet6Address ? "IPv6" : "IPv4") + " one",
                        gatewayPath);
            }
        }
    }

    private void exceptionPath(PortConfig port, String path) {
        port.exceptionPath().ifPresent(exception -> {
            if (!INTERFACE.matcher(exception.interfaceName()).matches()) {
                fail("must be a kernel interface name of 1 to " + ExceptionPathConfig.MAX_INTERFACE_NAME
                        + " letters, digits, '.', '_' or '-', got \"" + exception.interfaceName() + "\"", path + ".interface");
            }
            range(path + ".rate", exception.rate(), 1, 10_000_000);
            range(path + ".burst", exception.burst(), 1, 1_000_000);
        });
    }

    private void workers() {
        List<Integer> lcores = config.workers().lcores();
        if (lcores.isEmpty()) {
            fail("at least one worker lcore is needed", "workers.lcores");
        }
        for (int i = 0; i < lcores.size(); i++) {
            String path = "workers.lcores[" + i + "]";
            range(path, lcores.get(i), 0, MAX_LCORE);
            if (lcores.get(i) == config.dpdk().mainLcore() && config.workers().idle() == WorkersConfig.Idle.BUSY_SPIN) {
                fail("lcore " + lcores.get(i) + " is the EAL main lcore (dpdk.main_lcore): a busy-spin worker cannot share it"
                        + " (idle: backoff can)", path, "dpdk.main_lcore", "workers.idle");
            }
        }
        unique(lcores, i -> "workers.lcores[" + i + "]", "lcore");
    }

    private void sessionTableAndCache() {
        config.sessionTable().path().ifPresent(file -> absolute("session_table.path", file));
        range("session_table.capacity", config.sessionTable().capacity(), 1, Integer.MAX_VALUE);
        int entries = config.flowCache().entriesPerWorker();
        if (Integer.bitCount(entries) != 1 || entries < 1024 || entries > 1 << 26) {
            fail("must be a power of two within 1024..67108864, got " + entries, "flow_cache.entries_per_worker");
        }
    }

    private void timeouts() {
        TimeoutsConfig timeouts = config.timeouts();
        positive("timeouts.tcp_syn", timeouts.tcpSyn());
        positive("timeouts.tcp_established", timeouts.tcpEstablished());
        positive("timeouts.tcp_closing", timeouts.tcpClosing());
        positive("timeouts.udp", timeouts.udp());
    }

    private void replication() {
        ReplicationConfig replication = config.replication();
        if (replication.fallback() != ReplicationConfig.Fallback.NONE
                && replication.transport() != ReplicationConfig.Transport.RDMA) {
            fail("a fallback is only for transport: rdma", "replication.fallback", "replication.transport");
        }
        if (replication.batchDelay().compareTo(MAX_BATCH_DELAY) > 0) {
            fail("must be at most 10ms, got " + Units.formatDuration(replication.batchDelay()), "replication.batch_delay");
        }
        positive("replication.heartbeat.interval", replication.heartbeat().interval());
        range("replication.heartbeat.miss_limit", replication.heartbeat().missLimit(), 1, 1000);
        range("replication.rdma.port", replication.rdma().port(), 1, 255);
        range("replication.rdma.gid_index", replication.rdma().gidIndex(), 0, 255);
        range("replication.appliers", replication.appliers(), 0, ReplicationContext.MAX_APPLIERS);
        range("replication.mtu", replication.mtu(), ReplicationContext.MIN_MTU, ReplicationContext.MAX_MTU);
        replication.clusterKeyFile().ifPresent(key -> absolute("replication.cluster_key_file", key));
        List<PeerConfig> peers = replication.peers();
        if (!peers.isEmpty()) {
            if (replication.listen().isEmpty()) {
                fail("required when peers are configured", "replication.listen", "replication.peers");
            }
            if (replication.clusterKeyFile().isEmpty()) {
                fail("required when peers are configured", "replication.cluster_key_file", "replication.peers");
            }
        }
        for (int i = 0; i < peers.size(); i++) {
            PeerConfig peer = peers.get(i);
            String path = "replication.peers[" + i + "]";
            range(path + ".id", peer.id(), 1, 65535);
            if (peer.id() == config.node().id()) {
                fail("peer id " + peer.id() + " is this dispatcher's own node.id", path + ".id", "node.id");
            }
            Optional<InetSocketAddress> listen = replication.listen();
            if (listen.isPresent() && !Addresses.sameFamily(peer.address().getAddress(), listen.get().getAddress())) {
                fail(Addresses.family(peer.address().getAddress()) + " peer but replication.listen is "
                        + Addresses.family(listen.get().getAddress()), path + ".address", "replication.listen");
            }
        }
        unique(peers.stream().map(PeerConfig::id).toList(), i -> "replication.peers[" + i + "].id", "id");
        unique(peers.stream().map(PeerConfig::address).toList(), i -> "replication.peers[" + i + "].address", "address");
    }

    private void adminAndMetrics() {
        absolute("admin.socket", config.admin().socket());
        SshConfig ssh = config.admin().ssh();
        absolute("admin.ssh.authorized_keys", ssh.authorizedKeys());
        absolute("admin.ssh.host_key", ssh.hostKey());
        InetSocketAddress metrics = config.metrics().listen();
        if (ssh.enabled() && metrics.getPort() == ssh.listen().getPort()
                && (metrics.getAddress().equals(ssh.listen().getAddress())
                    || metrics.getAddress().isAnyLocalAddress() || ssh.listen().getAddress().isAnyLocalAddress())) {
            fail("port " + metrics.getPort() + " is already taken by admin.ssh.listen", "metrics.listen", "admin.ssh.listen");
        }
    }

    private void routing() {
        RoutingConfig routing = config.routing();
        routing.bgp().ifPresent(this::bgp);
        BfdConfig bfd = routing.bfd();
        bfdInterval("routing.bfd.tx_interval", bfd.txInterval());
        bfdInterval("routing.bfd.rx_interval", bfd.rxInterval());
        range("routing.bfd.multiplier", bfd.multiplier(), 1, 255);
        BirdConfig bird = routing.bird();
        if (!bird.binary().isAbsolute() && bird.binary().getNameCount() != 1) {
            fail("must be a command name (looked up on PATH) or an absolute path, got " + bird.binary(), "routing.bird.binary");
        }
        absolute("routing.bird.socket", bird.socket());
        absolute("routing.bird.config", bird.config());
        absolute("routing.bird.pid_file", bird.pidFile());
        unique(List.of(bird.socket(), bird.config(), bird.pidFile()),
                i -> "routing.bird." + List.of("socket", "config", "pid_file").get(i), "path");
    }

    private void bgp(BgpConfig bgp) {
        range("routing.bgp.local_as", bgp.localAs(), 1, MAX_AS);
        if (bgp.routerId().isPresent()) {
            InetAddress id = bgp.routerId().get();
            if (id instanceof Inet6Address || id.isAnyLocalAddress()) {
                fail("must be an IPv4 address other than 0.0.0.0 (a BGP router id is 32 bits), got "
                        + Addresses.format(id), "routing.bgp.router_id");
            }
        } else if (config.ports().stream().flatMap(p -> p.addresses().stream()).allMatch(c -> c.address() instanceof Inet6Address)) {
            fail("router_id is required when no port has an IPv4 address to take it from", "routing.bgp",
                    portAddressPaths());
        }
        seconds("routing.bgp.hold_time", bgp.holdTime(), MIN_HOLD_TIME, MAX_HOLD_TIME);
        seconds("routing.bgp.keepalive", bgp.keepalive(), Duration.ofSeconds(1), MAX_HOLD_TIME);
        if (bgp.keepalive().compareTo(bgp.holdTime()) >= 0) {
            fail("must be shorter than the hold time (" + Units.formatDuration(bgp.holdTime()) + "), got "
                    + Units.formatDuration(bgp.keepalive()), "routing.bgp.keepalive", "routing.bgp.hold_time");
        }
        List<BgpNeighbourConfig> neighbours = bgp.neighbours();
        if (neighbours.isEmpty()) {
            fail("at least one neighbour is needed (the router the VIPs are announced to)", "routing.bgp.neighbours");
        }
        for (int n = 0; n < neighbours.size(); n++) {
            neighbour("routing.bgp.neighbours[" + n + "]", neighbours.get(n));
        }
        unique(neighbours.stream().map(BgpNeighbourConfig::address).toList(),
                i -> "routing.bgp.neighbours[" + i + "].address", "address");
    }

    private void neighbour(String path, BgpNeighbourConfig neighbour) {
        InetAddress address = neighbour.address();
        range(path + ".as", neighbour.as(), 1, MAX_AS);
        unicast(path + ".address", address);
        ownAddress(address).ifPresent(owner ->
                fail("is the dispatcher's own address " + owner + ", a neighbour is a router", path + ".address", owner));
        if (onLinkPort(address).isEmpty()) {
            fail("neighbour " + Addresses.format(address) + " is on none of the ports' networks: BGP runs single hop "
                    + "to a directly connected router", path + ".address", portAddressPaths());
        }
        neighbour.passwordFile().ifPresent(file -> absolute(path + ".password_file", file));
        neighbour.source().ifPresent(source -> {
            if (ownAddress(source).isEmpty()) {
                fail("must be one of the dispatcher's own port addresses, got " + Addresses.format(source),
                        path + ".source", portAddressPaths());
            } else if (!Addresses.sameFamily(source, address)) {
                fail(Addresses.family(source) + " source for the " + Addresses.family(address) + " neighbour "
                        + Addresses.format(address), path + ".source", path + ".address");
            }
        });
    }

    private void seconds(String path, Duration value, Duration min, Duration max) {
        if (value.toNanosPart() != 0 || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            fail("must be whole seconds within " + Units.formatDuration(min) + ".." + max.toSeconds() + "s, got "
                    + Units.formatDuration(value), path);
        }
    }

    private void bfdInterval(String path, Duration value) {
        if (value.toNanosPart() % 1000 != 0 || value.compareTo(MIN_BFD_INTERVAL) < 0 || value.compareTo(MAX_BFD_INTERVAL) > 0) {
            fail("must be whole microseconds within 1ms..10s (BFD carries microseconds), got "
                    + Units.formatDuration(value), path);
        }
    }

    private void vips() {
        List<VipConfig> vips = config.vips();
        for (int v = 0; v < vips.size(); v++) {
            VipConfig vip = vips.get(v);
            String path = "vips[" + v + "]";
            name(path + ".name", vip.name());
            range(path + ".port", vip.port(), 1, 65535);
            unicast(path + ".address", vip.address());
            ownAddress(vip.address()).ifPresent(owner ->
                    fail("is the dispatcher's own address " + owner + ", a VIP needs its own address",
                            path + ".address", owner));
            if (!hasPortAddressOfFamily(vip.address())) {
                fail(Addresses.family(vip.address()) + " VIP but no port has an " + Addresses.family(vip.address())
                        + " address", path + ".address", portAddressPaths());
            }
            if (config.pool(vip.pool()).isEmpty()) {
                fail("no pool named \"" + vip.pool() + "\"", path + ".pool", poolNamePaths());
            }
        }
        unique(vips.stream().map(VipConfig::name).toList(), i -> "vips[" + i + "].name", "name");
        unique(vips.stream().map(v -> Addresses.format(v.address()) + ":" + v.port() + "/" + Names.of(v.protocol())).toList(),
                i -> "vips[" + i + "].address", "address, port and protocol");
    }

    private void pools() {
        List<PoolConfig> pools = config.pools();
        for (int p = 0; p < pools.size(); p++) {
            PoolConfig pool = pools.get(p);
            String path = "pools[" + p + "]";
            name(path + ".name", pool.name());
            health(path + ".health", pool.health());
            List<BackendConfig> backends = pool.backends();
            for (int b = 0; b < backends.size(); b++) {
                backend(path + ".backends[" + b + "]", pool, backends.get(b));
            }
            unique(backends.stream().map(BackendConfig::name).toList(), i -> path + ".backends[" + i + "].name", "name");
            unique(backends.stream().map(b -> Addresses.format(b.address()) + ":" + b.port()).toList(),
                    i -> path + ".backends[" + i + "].address", "address and port");
        }
        unique(pools.stream().map(PoolConfig::name).toList(), i -> "pools[" + i + "].name", "name");
        List<String> idPaths = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (int p = 0; p < pools.size(); p++) {
            for (int b = 0; b < pools.get(p).backends().size(); b++) {
                idPaths.add("pools[" + p + "].backends[" + b + "].id");
                ids.add(pools.get(p).backends().get(b).id());
            }
        }
        unique(ids, idPaths::get, "backend id");
    }

    private void health(String path, HealthCheckConfig health) {
        range(path + ".rise", health.rise(), 1, 100);
        range(path + ".fall", health.fall(), 1, 100);
        positive(path + ".interval", health.interval());
        positive(path + ".timeout", health.timeout());
        if (health.timeout().compareTo(health.interval()) >= 0) {
            fail("must be shorter than the interval (" + Units.formatDuration(health.interval()) + "), got "
                    + Units.formatDuration(health.timeout()), path + ".timeout", path + ".interval");
        }
        if (health.type() == HealthCheckConfig.Type.HTTP) {
            range(path + ".expect", health.expect(), 100, 599);
            if (!health.path().startsWith("/")) {
                fail("must start with /, got \"" + health.path() + "\"", path + ".path");
            }
        }
    }

    private void backend(String path, PoolConfig pool, BackendConfig backend) {
        name(path + ".name", backend.name());
        range(path + ".port", backend.port(), 0, 65535);
        range(path + ".weight", backend.weight(), 0, 65535);
        range(path + ".id", backend.id(), 1, BackendConfig.MAX_ID);
        range(path + ".max_connections", backend.maxConnections(), 0, Integer.MAX_VALUE);
        unicast(path + ".address", backend.address());
        ownAddress(backend.address()).ifPresent(owner ->
                fail("is the dispatcher's own address " + owner, path + ".address", owner));
        for (int v = 0; v < config.vips().size(); v++) {
            if (config.vips().get(v).address().equals(backend.address())) {
                fail("is the address of vips[" + v + "]", path + ".address", "vips[" + v + "].address");
            }
        }
        if (backend.mac().isPresent() && backend.nextHop().isPresent()) {
            fail("give mac or next_hop, not both", path + ".next_hop", path + ".mac");
        }
        backend.nextHop().ifPresent(hop -> {
            if (onLinkPort(hop).isEmpty()) {
                fail("next hop " + Addresses.format(hop) + " is on none of the ports' networks", path + ".next_hop",
                        portAddressPaths());
            }
        });
        for (int v = 0; v < config.vips().size(); v++) {
            VipConfig vip = config.vips().get(v);
            if (vip.pool().equals(pool.name())) {
                backendForVip(path, backend, "vips[" + v + "]", vip);
            }
        }
    }

    /**
     * The fast path tells a NAT reply's VIP by its source alone (protocol, backend address, backend port, the
     * VIP's port when the backend's is 0): two NAT VIPs whose backends would answer from the same source cannot
     * be told apart.
     */
    private void natRepliesDistinct() {
        Map<String, String[]> first = new HashMap<>();
        for (int v = 0; v < config.vips().size(); v++) {
            VipConfig vip = config.vips().get(v);
            if (vip.mode() != VipConfig.Mode.NAT) {
                continue;
            }
            for (int p = 0; p < config.pools().size(); p++) {
                List<BackendConfig> backends = config.pools().get(p).backends();
                for (int b = 0; config.pools().get(p).name().equals(vip.pool()) && b < backends.size(); b++) {
                    BackendConfig backend = backends.get(b);
                    String source = Names.of(vip.protocol()) + " " + Addresses.format(backend.address()) + " port "
                            + (backend.port() != 0 ? backend.port() : vip.port());
                    String[] here = {"pools[" + p + "].backends[" + b + "]", "vips[" + v + "]"};
                    String[] earlier = first.putIfAbsent(source, here);
                    if (earlier != null && !earlier[1].equals(here[1])) {
                        fail("nat VIPs " + earlier[1] + " and " + here[1] + " would both get replies from " + source
                                + ": give them different ports or different backends", here[0] + ".port",
                                earlier[0] + ".port", earlier[1] + ".port", here[1] + ".port");
                    }
                }
            }
        }
    }

    /** What a VIP's forwarding mode asks of the backends of its pool. */
    private void backendForVip(String path, BackendConfig backend, String vipPath, VipConfig vip) {
        String mode = Names.of(vip.mode());
        if (vip.mode() != VipConfig.Mode.NAT && backend.port() != 0 && backend.port() != vip.port()) {
            fail("must be " + vip.port() + " (the port of " + vipPath + ") or left out: " + mode
                    + " does not rewrite ports, got " + backend.port(), path + ".port", vipPath + ".port", vipPath + ".mode");
        }
        if (vip.mode() == VipConfig.Mode.NAT && !Addresses.sameFamily(vip.address(), backend.address())) {
            fail(Addresses.family(backend.address()) + " backend for the " + Addresses.family(vip.address()) + " nat VIP "
                    + vipPath + ": nat does not translate between address families", path + ".address",
                    vipPath + ".address", vipPath + ".mode");
        }
        if (vip.mode() == VipConfig.Mode.DSR && backend.nextHop().isPresent()) {
            fail("dsr needs the backend on-link; a next hop would route the packet back by its VIP destination",
                    path + ".next_hop", vipPath + ".mode");
        } else if (vip.mode() == VipConfig.Mode.DSR && backend.mac().isEmpty() && onLinkPort(backend.address()).isEmpty()) {
            fail("dsr needs the backend on-link: " + Addresses.format(backend.address())
                    + " is on none of the ports' networks (or give its mac)", path + ".address",
                    concat(portAddressPaths(), vipPath + ".mode"));
        }
    }

    /** The paths of every pool name: what a reference to a pool depends on. */
    private String[] poolNamePaths() {
        return IntStream.range(0, config.pools().size()).mapToObj(p -> "pools[" + p + "].name")
                .toArray(String[]::new);
    }

    /** The paths of every port address: what an on-link or address-family rule depends on. */
    private String[] portAddressPaths() {
        List<String> paths = new ArrayList<>(List.of("ports"));
        for (int p = 0; p < config.ports().size(); p++) {
            paths.add("ports[" + p + "].addresses");
        }
        return paths.toArray(String[]::new);
    }

    private static String[] concat(String[] paths, String more) {
        String[] all = Arrays.copyOf(paths, paths.length + 1);
        all[paths.length] = more;
        return all;
    }

    private void unicast(String path, InetAddress address) {
        if (address.isAnyLocalAddress() || address.isMulticastAddress() || address.isLoopbackAddress()) {
            fail("must be a unicast address, got " + Addresses.format(address), path);
        }
    }

    private Optional<String> ownAddress(InetAddress address) {
        for (int p = 0; p < config.ports().size(); p++) {
            List<Cidr> addresses = config.ports().get(p).addresses();
            for (int a = 0; a < addresses.size(); a++) {
                if (addresses.get(a).address().equals(address)) {
                    return Optional.of("ports[" + p + "].addresses[" + a + "]");
                }
            }
        }
        return Optional.empty();
    }

    private Optional<PortConfig> onLinkPort(InetAddress address) {
        return config.ports().stream().filter(p -> p.addresses().stream().anyMatch(c -> c.contains(address))).findFirst();
    }

    private boolean hasPortAddressOfFamily(InetAddress address) {
        return config.ports().stream().flatMap(p -> p.addresses().stream())
                .anyMatch(c -> Addresses.sameFamily(c.address(), address));
    }
}
