package io.trunkline.controlplane.daemon;

import io.trunkline.bindings.dpdk.MbufPool;
import io.trunkline.controlplane.config.Addresses;
import io.trunkline.controlplane.config.BackendConfig;
import io.trunkline.controlplane.config.BgpNeighbourConfig;
import io.trunkline.controlplane.config.Cidr;
import io.trunkline.controlplane.config.PeerConfig;
import io.trunkline.controlplane.config.PoolConfig;
import io.trunkline.controlplane.config.PortConfig;
import io.trunkline.controlplane.config.TrunklineConfig;
import io.trunkline.fastpath.host.HostDuty;
import io.trunkline.fastpath.host.NeighbourObservations;
import io.trunkline.fastpath.host.NeighbourObserver;
import io.trunkline.fastpath.host.NeighbourRequests;
import io.trunkline.fastpath.host.NeighbourTable;
import io.trunkline.fastpath.packet.MacAddress;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's neighbour table: which addresses it resolves (every backend without a configured {@code mac},
 * or its {@code next_hop}; each port's gateways; the BGP neighbours; replication peers on a data port's
 * network), the table's own thread, and the MACs the forwarding compiler asks for. A configured {@code mac}
 * always wins: such a backend is not resolved at all.
 */
final class Neighbours implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("trunkline.neighbours");
    private static final int REQUEST_SLOTS = 1024;
    private static final int OBSERVATION_SLOTS = 4096;

    private final NeighbourRequests requests;
    private final NeighbourObservations observations = new NeighbourObservations(OBSERVATION_SLOTS);
    private final NeighbourTable table;
    private volatile TrunklineConfig config;
    private AgentRunner runner;
    private Map<String, Long> logged = Map.of();

    /** @param onChange runs on the table's thread when a MAC is learnt, changes or is lost */
    Neighbours(TrunklineConfig config, MbufPool pool, Runnable onChange) {
        this.config = config;
        this.requests = new NeighbourRequests(REQUEST_SLOTS, pool);
        this.table = new NeighbourTable(requests, observations, new SystemNanoClock(), NeighbourTable.Timers.DEFAULT, () -> {
            logChanges();
            onChange.run();
        });
        table.targets(targets(config));
    }

    /** Starts the table's thread; a millisecond's sleep when idle is far below its timers (a second and more). */
    void start() {
        runner = new AgentRunner(new SleepingMillisIdleStrategy(1), t -> LOG.warn("neighbours: {}", t.toString()), null, table);
        AgentRunner.startOnThread(runner);
    }

    /** Resolves what {@code next} needs from now on. */
    void reconfigure(TrunklineConfig next) {
        config = next;
        table.targets(targets(next));
    }

    /** The hook every worker reports ARP and ND senders to. */
    NeighbourObserver observer() {
        return observations;
    }

    /** The duty of the worker of queue 0: sending the table's requests. */
    HostDuty sender() {
        return requests.sender();
    }

    /** The learnt MAC of an address, if any. */
    OptionalLong mac(InetAddress address) {
        return table.mac(address);
    }

    /** Every entry, for operators. */
    List<NeighbourView> view() {
        TrunklineConfig current = config;
        List<NeighbourView> views = new ArrayList<>();
        for (PoolConfig pool : current.pools()) {
            for (BackendConfig backend : pool.backends()) {
                backend.mac().ifPresent(mac -> views.add(new NeighbourView(portOf(current, backend.nextHop().orElse(backend.address())),
                        Addresses.format(backend.nextHop().orElse(backend.address())), "STATIC", mac.toString(), 0, 0, 0)));
            }
        }
        for (NeighbourTable.Status s : table.entries()) {
            views.add(new NeighbourView(current.ports().get(s.port()).name(), Addresses.format(s.address()), s.state().name(),
                    s.mac() == 0 ? "" : MacAddress.format(s.mac()), TimeUnit.NANOSECONDS.toMillis(s.sinceChangeNanos()),
                    s.requests(), s.failures()));
        }
        return views;
    }

    private static String portOf(TrunklineConfig config, InetAddress address) {
        int p = onLinkPort(config, address);
        return p < 0 ? "" : config.ports().get(p).name();
    }

    /** Every address the dispatcher sends to, on the port whose network holds it, asked from an own address of its family. */
    static List<NeighbourTable.Target> targets(TrunklineConfig config) {
        Map<String, NeighbourTable.Target> targets = new LinkedHashMap<>();
        for (PoolConfig pool : config.pools()) {
            for (BackendConfig backend : pool.backends()) {
                if (backend.mac().isEmpty()) {
                    add(config, targets, backend.nextHop().orElse(backend.address()));
                }
            }
        }
        for (int p = 0; p < config.ports().size(); p++) {
            gateway(config, p, false).ifPresent(g -> add(config, targets, g));
            gateway(config, p, true).ifPresent(g -> add(config, targets, g));
        }
        config.routing().bgp().ifPresent(bgp -> bgp.neighbours().forEach(n -> add(config, targets, n.address())));
        config.replication().peers().stream().map(PeerConfig::address).forEach(a -> add(config, targets, a.getAddress()));
        return List.copyOf(targets.values());
    }

    private static void add(TrunklineConfig config, Map<String, NeighbourTable.Target> targets, InetAddress address) {
        int p = onLinkPort(config, address);
        if (p < 0) {
            return;
        }
        Optional<InetAddress> source = config.ports().get(p).addresses().stream().map(Cidr::address)
                .filter(a -> (a instanceof Inet6Address) == (address instanceof Inet6Address)).findFirst();
        source.ifPresent(s -> targets.putIfAbsent(p + "/" + Addresses.format(address), new NeighbourTable.Target(p, address, s)));
    }

    /**
     * Where NAT replies of the family leave port {@code p}: the port's configured gateway, else the first BGP
     * neighbour of the family on the port's networks.
     */
    static Optional<InetAddress> gateway(TrunklineConfig config, int p, boolean ipv6) {
        PortConfig port = config.ports().get(p);
        Optional<InetAddress> configured = port.gateways().stream().filter(g -> (g instanceof Inet6Address) == ipv6).findFirst();
        if (configured.isPresent()) {
            return configured;
        }
        return config.routing().bgp().stream().flatMap(bgp -> bgp.neighbours().stream()).map(BgpNeighbourConfig::address)
                .filter(a -> (a instanceof Inet6Address) == ipv6 && onLinkPort(config, a) == p).findFirst();
    }

    private static int onLinkPort(TrunklineConfig config, InetAddress address) {
        for (int p = 0; p < config.ports().size(); p++) {
            if (config.ports().get(p).addresses().stream().anyMatch(c -> c.contains(address))) {
                return p;
            }
        }
        return -1;
    }

    /** One line per neighbour whose MAC was learnt, changed or lost. */
    private void logChanges() {
        Map<String, Long> now = new LinkedHashMap<>();
        for (NeighbourTable.Status s : table.entries()) {
            now.put(Addresses.format(s.address()), s.mac());
        }
        now.forEach((address, mac) -> {
            Long before = logged.getOrDefault(address, 0L);
            if (!before.equals(mac)) {
                LOG.info(mac == 0 ? "neighbour {} lost" : "neighbour {} at {}", address, MacAddress.format(mac));
            }
        });
        logged = now;
    }

    @Override
    public void close() {
        if (runner != null) {
            runner.close();
        }
    }
}
