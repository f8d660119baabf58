package io.trunkline.controlplane.admin;

import io.trunkline.controlplane.config.BackendConfig;
import io.trunkline.controlplane.config.ConfigDiff;
import io.trunkline.controlplane.config.ConfigException;
import io.trunkline.controlplane.config.ConfigLoader;
import io.trunkline.controlplane.config.ConfigRules;
import io.trunkline.controlplane.config.ConfigWriter;
import io.trunkline.controlplane.config.Names;
import io.trunkline.controlplane.config.PoolConfig;
import io.trunkline.controlplane.config.TrunklineConfig;
import io.trunkline.controlplane.daemon.BackendHealthView;
import io.trunkline.controlplane.daemon.CounterView;
import io.trunkline.controlplane.daemon.DispatcherControl;
import io.trunkline.controlplane.daemon.DispatcherStatus;
import io.trunkline.controlplane.daemon.NeighbourView;
import io.trunkline.controlplane.daemon.SessionFilter;
import io.trunkline.controlplane.daemon.SessionView;
import io.trunkline.controlplane.replication.PeerState;
import io.trunkline.controlplane.replication.PeerStats;
import io.trunkline.controlplane.replication.Readiness;
import io.trunkline.controlplane.replication.ReplicationStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The admin surface of a dispatcher over a real configuration file and nothing else, for testing
 * the admin API and the CLI until they run against the daemon itself. Configuration changes are
 * real: judged by {@link ConfigRules}, diffed by {@link ConfigDiff}, refused when they need a
 * restart, else they replace the running configuration; reload and save use the file. Sessions,
 * counters, peers and health are what the test puts there.
 */
public final class ConfigOnlyDispatcher implements DispatcherControl {
    public static final String YAML = """
            node: { id: 1, name: dispatcher-a }
            ports:
              - { name: data0, device: net_null0, addresses: [198.18.1.2/24, "2001:2::2/64"] }
            vips:
              - { name: web, address: 198.19.0.1, port: 80, pool: web }
              - { name: dns, address: 198.19.0.2, port: 53, protocol: udp, mode: nat, policy: wrr, pool: dns }
            pools:
              - name: web
                backends:
                  - { name: web1, address: 198.18.1.10 }
                  - { name: web2, address: 198.18.1.11, weight: 50 }
              - name: dns
                backends:
                  - { name: dns1, address: 198.18.1.20, port: 5353 }
            """;

    /** What {@code capture} was asked. */
    public record Capture(String port, int count, Path file, Duration timeout) {
    }

    private final Path file;
    private volatile TrunklineConfig config;
    private final List<SessionView> sessions = new CopyOnWriteArrayList<>();
    private final Map<String, Long> counters = new LinkedHashMap<>();
    private long trafficPerSample;
    private volatile Runnable beforeCount = () -> { };
    private volatile Capture lastCapture;

    private ConfigOnlyDispatcher(Path file) throws ConfigException {
        this.file = file;
        this.config = ConfigLoader.load(file);
        counters.put("rx_packets port=0", 1000L);
        counters.put("tx_packets port=0", 990L);
        counters.put("sessions_created", 10L);
    }

    /** A dispatcher started with {@link #YAML}, written to {@code dir/trunkline.yaml}. */
    public static ConfigOnlyDispatcher start(Path dir) throws IOException, ConfigException {
        return new ConfigOnlyDispatcher(Files.writeString(dir.resolve("trunkline.yaml"), YAML));
    }

    public Path file() {
        return file;
    }

    /** A TCP session from {@code client} to {@code vip} on {@code pool/backend}. */
    public void addSession(String client, String vip, String pool, String backend) {
        String endpoint = config.vip(vip).map(v -> v.address().getHostAddress() + ":" + v.port()).orElseThrow();
        sessions.add(new SessionView("tcp", client, vip, endpoint, pool, backend, "ESTABLISHED", 1, 12_000, 1_000));
    }

    /** Every counter grows by this much each time the counters are read, as traffic would make them. */
    public synchronized void trafficPerSample(long packets) {
        trafficPerSample = packets;
    }

    /** Runs before each session count: a test ends sessions there, as clients closing them would. */
    public void beforeCount(Runnable action) {
        beforeCount = action;
    }

    /** Ends the oldest session of {@code pool/backend}. */
    public void endOneSession(String pool, String backend) {
        sessions.stream().filter(s -> s.pool().equals(pool) && s.backend().equals(backend)).findFirst().ifPresent(sessions::remove);
    }

    public Capture lastCapture() {
        return lastCapture;
    }

    @Override
    public DispatcherStatus status() {
        TrunklineConfig c = config;
        int disabled = (int) c.pools().stream().flatMap(p -> p.backends().stream())
                .filter(b -> b.state() == BackendConfig.AdminState.DISABLED).count();
        return new DispatcherStatus(c.node().name(), c.node().id(), "test", Readiness.READY, 3_723_000, 2, c.ports().size(),
                c.vips().size(), c.backendCount(), c.backendCount() - disabled, sessions.size(), 1, 2);
    }

    @Override
    public TrunklineConfig runningConfig() {
        return config;
    }

    @Override
    public synchronized ConfigDiff apply(TrunklineConfig next) throws ConfigException {
        ConfigRules.validate(next, "runtime change");
        ConfigDiff diff = ConfigDiff.between(config, next).requireLive("runtime change");
        config = next;
        return diff;
    }

    @Override
    public ConfigDiff reload() throws ConfigException {
        return apply(ConfigLoader.load(file));
    }

    @Override
    public Path save() throws IOException {
        ConfigWriter.write(config, file);
        return file;
    }

    @Override
    public long countSessions(SessionFilter filter) {
        beforeCount.run();
        return sessions.stream().filter(s -> matches(filter, s)).count();
    }

    @Override
    public List<SessionView> sessions(SessionFilter filter, int limit) {
        return sessions.stream().filter(s -> matches(filter, s)).limit(limit).toList();
    }

    @Override
    public long flushSessions(SessionFilter filter) {
        List<SessionView> gone = sessions.stream().filter(s -> matches(filter, s)).toList();
        sessions.removeAll(gone);
        return gone.size();
    }

    private static boolean matches(SessionFilter filter, SessionView s) {
        return filter.vip().map(s.vip()::equals).orElse(true) && filter.pool().map(s.pool()::equals).orElse(true)
                && filter.backend().map(s.backend()::equals).orElse(true);
    }

    @Override
    public ReplicationStats replication() {
        return new ReplicationStats(1, "udp", Readiness.READY, 1234, 0, 0, List.of(
                new PeerStats(2, PeerState.UP, Readiness.READY, 100, 90, 90, 10, 9, 6400, 5760, 3, 1, 0, 1, 0, 0, 0),
                new PeerStats(3, PeerState.DOWN, Readiness.JOINING, 5, 0, 0, 1, 0, 320, 0, 0, 0, 0, 0, 2, 0, 1)));
    }

    @Override
    public synchronized List<CounterView> counters() {
        List<CounterView> views = new ArrayList<>();
        counters.replaceAll((name, value) -> value + trafficPerSample);
        counters.forEach((name, value) -> views.add(new CounterView(name, value)));
        return views;
    }

    @Override
    public List<NeighbourView> neighbours() {
        return List.of(new NeighbourView("data0", "198.18.1.1", "REACHABLE", "02:00:00:00:01:01", 1_500, 1, 0),
                new NeighbourView("data0", "198.18.1.10", "INCOMPLETE", "", 200, 2, 0));
    }

    @Override
    public List<BackendHealthView> health() {
        List<BackendHealthView> views = new ArrayList<>();
        for (PoolConfig pool : config.pools()) {
            for (BackendConfig b : pool.backends()) {
                long onIt = sessions.stream().filter(s -> s.pool().equals(pool.name()) && s.backend().equals(b.name())).count();
                views.add(new BackendHealthView(pool.name(), b.name(), b.address().getHostAddress() + ":" + 80,
                        b.state() == BackendConfig.AdminState.DISABLED ? "DOWN" : "UP", Names.of(b.state()), b.weight(), onIt,
                        10, 0, "200 OK", 850));
            }
        }
        return views;
    }

    @Override
    public long capture(String port, int count, Path pcap, Duration timeout) throws IOException {
        if (config.ports().stream().noneMatch(p -> p.name().equals(port))) {
            throw new IllegalArgumentException("unknown port \"" + port + "\"");
        }
        lastCapture = new Capture(port, count, pcap, timeout);
        return count;
    }
}
