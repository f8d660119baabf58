package io.trunkline.controlplane.daemon;

import io.trunkline.controlplane.config.BackendConfig;
import io.trunkline.controlplane.config.Cidr;
import io.trunkline.controlplane.config.PoolConfig;
import io.trunkline.controlplane.config.TrunklineConfig;
import io.trunkline.controlplane.config.VipConfig;
import io.trunkline.controlplane.health.BackendKey;
import io.trunkline.fastpath.host.OwnAddresses;
import io.trunkline.fastpath.packet.Headers;
import io.trunkline.fastpath.packet.IpAddresses;
import io.trunkline.fastpath.select.Backend;
import io.trunkline.fastpath.select.Policy;
import io.trunkline.fastpath.select.SelectionSnapshot;
import io.trunkline.fastpath.select.SelectionTable;
import io.trunkline.fastpath.worker.ForwardingMode;
import io.trunkline.fastpath.worker.ForwardingTable;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Turns the running configuration, the backends' health and the neighbours' resolved MACs into the
 * {@link ForwardingTable} the workers read. Runs off the fast path on every change.
 * <p>
 * A backend takes new sessions when it is enabled, weighted above 0, passing its checks and its MAC
 * is known; otherwise it stays a target (its sessions keep flowing: drain, and the pool policy
 * {@code keep} for a backend gone down) unless it is unreachable (no MAC) or disabled or down in a pool
 * whose policy is not {@code keep}. Each VIP's Maglev table is sized for all of its pool's backends,
 * so health changes move only the flows of the backend that changed.
 */
public final class ForwardingCompiler {
    private final Predicate<BackendKey> up;
    private final Function<InetAddress, OptionalLong> neighbourMac;

    /**
     * @param up           whether a backend passes its health checks
     * @param neighbourMac a neighbour's MAC as the neighbour table resolved it, empty while unresolved
     */
    public ForwardingCompiler(Predicate<BackendKey> up, Function<InetAddress, OptionalLong> neighbourMac) {
        this.up = up;
        this.neighbourMac = neighbourMac;
    }

    /** A backend's next-hop MAC: the configured one, else what the neighbour table resolved for it or its next hop. */
    private OptionalLong macOf(BackendConfig backend) {
        return backend.mac().map(mac -> OptionalLong.of(mac.bits()))
                .orElseGet(() -> neighbourMac.apply(backend.nextHop().orElse(backend.address())));
    }

    public ForwardingTable compile(TrunklineConfig config, long version) {
        ForwardingTable.Builder table = ForwardingTable.builder().version(version);
        SelectionSnapshot selection = SelectionSnapshot.empty();
        List<Integer> targeted = new ArrayList<>();
        for (int v = 0; v < config.vips().size(); v++) {
            VipConfig vip = config.vips().get(v);
            PoolConfig pool = config.pool(vip.pool()).orElseThrow();
            int protocol = protocol(vip.protocol());
            table.vip(new ForwardingTable.Vip(v, vip.name(), protocol, IpAddresses.high(vip.address()), IpAddresses.low(vip.address()), vip.port(),
                    mode(vip.mode())));
            List<Backend> selectable = new ArrayList<>();
            for (BackendConfig backend : pool.backends()) {
                BackendKey key = new BackendKey(pool.name(), backend.name());
                OptionalLong mac = macOf(backend);
                if (mac.isEmpty() || !reachable(pool, backend, key)) {
                    continue;
                }
                if (!backend.drained() && backend.state() == BackendConfig.AdminState.ENABLED && up.test(key)) {
                    selectable.add(new Backend(backend.id(), key.toString(), backend.weight()));
                }
                boolean nat = vip.mode() == VipConfig.Mode.NAT;
                if (!targeted.contains(backend.id()) || nat) {
                    table.target(new ForwardingTable.Target(backend.id(), mac.getAsLong(), IpAddresses.high(backend.address()),
                            IpAddresses.low(backend.address()), backend.port()), protocol, nat ? v : -1);
                    targeted.add(backend.id());
                }
            }
            if (pool.onBackendDown() == PoolConfig.BackendDownPolicy.REASSIGN) {
                table.reassignOnBackendLoss(v);
            } else if (pool.onBackendDown() == PoolConfig.BackendDownPolicy.RESET) {
                table.resetOnBackendLoss(v);
            }
            int size = SelectionTable.tableSizeFor(pool.backends().size());
            selection = selection.with(v, SelectionTable.build(policy(vip.policy()), selectable, size));
        }
        gateways(config, table);
        return table.selection(selection).tunnelSource(tunnelSource(config)).ownAddresses(ownAddresses(config)).build();
    }

    /** Each port's gateway MACs per family, where NAT replies go; unresolved ones stay 0. */
    private void gateways(TrunklineConfig config, ForwardingTable.Builder table) {
        for (int p = 0; p < config.ports().size(); p++) {
            for (boolean ipv6 : new boolean[] {false, true}) {
                int port = p;
                Neighbours.gateway(config, p, ipv6).map(neighbourMac).ifPresent(mac -> mac.ifPresent(m -> table.gatewayMac(port, ipv6, m)));
            }
        }
    }

    /** The dispatcher's own addresses by port index: ARP, ND and BFD are answered for these. */
    private static OwnAddresses ownAddresses(TrunklineConfig config) {
        OwnAddresses.Builder own = OwnAddresses.builder();
        for (int p = 0; p < config.ports().size(); p++) {
            for (Cidr cidr : config.ports().get(p).addresses()) {
                if (cidr.address() instanceof Inet4Address v4) {
                    own.ipv4(p, IpAddresses.ipv4(v4));
                } else {
                    own.ipv6(p, IpAddresses.high(cidr.address()), IpAddresses.low(cidr.address()));
                }
            }
        }
        return own.build();
    }

    /** Whether a backend's existing sessions may still reach it. */
    private boolean reachable(PoolConfig pool, BackendConfig backend, BackendKey key) {
        boolean out = backend.state() == BackendConfig.AdminState.DISABLED || !up.test(key);
        return !out || pool.onBackendDown() == PoolConfig.BackendDownPolicy.KEEP;
    }

    private static int tunnelSource(TrunklineConfig config) {
        return config.ports().stream().flatMap(p -> p.addresses().stream())
                .filter(cidr -> cidr.address() instanceof Inet4Address)
                .mapToInt(cidr -> IpAddresses.ipv4((Inet4Address) cidr.address()))
                .findFirst().orElse(0);
    }

    static int protocol(VipConfig.Protocol protocol) {
        return protocol == VipConfig.Protocol.TCP ? Headers.PROTOCOL_TCP : Headers.PROTOCOL_UDP;
    }

    private static ForwardingMode mode(VipConfig.Mode mode) {
        return ForwardingMode.valueOf(mode.name());
    }

    private static Policy policy(VipConfig.Policy policy) {
        return switch (policy) {
            case MAGLEV -> Policy.MAGLEV;
            case WRR -> Policy.WEIGHTED_ROUND_ROBIN;
            case WLC -> Policy.WEIGHTED_LEAST_CONNECTIONS;
        };
    }
}
