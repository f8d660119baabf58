package io.trunkline.controlplane.lab;

import java.nio.file.Path;
import java.util.List;
import java.util.StringJoiner;

/**
 * The files the lab writes: each dispatcher's Trunkline configuration, the router's BIRD configuration
 * ({@link RouterMode#ECMP}, {@link RouterMode#STATIC}) and its nftables ruleset ({@link RouterMode#SPRAY}).
 * Everything the router does to fail a dispatcher over is in these files from the start: BFD and BGP
 * decide at run time, the lab never edits a route.
 */
final class LabConfigs {
    /**
     * BFD multiplier on both ends of every dispatcher link, at 100 ms intervals: 7 (a dead dispatcher is dropped after
     * 700 ms), not the 3 docs/routing.md tells router operators, because here N dispatcher JVMs, BIRD, servers and
     * clients share two cores with other work: a dispatcher's JVM starting (EAL, Chronicle Map, 256 MiB touched) held
     * the others' BFD packets back past 300 ms, and past 500 ms at a load average of 13, and the router dropped live
     * dispatchers. Not more: a connection on a killed dispatcher retransmits at about 0.2, 0.6 and 1.4 s, and the one at
     * 1.4 s must find the new route for the lab's "no exchange over 2 s" to hold.
     */
    private static final int BFD_MULTIPLIER = 7;
    private static final String BFD = "min rx interval 100 ms; min tx interval 100 ms; multiplier " + BFD_MULTIPLIER + ";";

    private static final String POOL4 = "web";
    private static final String POOL6 = "web6";
    /** The router's kernel table for what the backends send to the clients (NAT): routes through the dispatchers. */
    static final int NAT_RETURN_TABLE = 100;

    private LabConfigs() {
    }

    /** Where dispatcher {@code d} keeps its sockets and BIRD files. */
    static Path dispatcherDirectory(LabPlan plan, int d) {
        return plan.directory().resolve("d" + d);
    }

    static Path adminSocket(LabPlan plan, int d) {
        return dispatcherDirectory(plan, d).resolve("admin.sock");
    }

    static Path sessionTable(LabPlan plan, int d) {
        return Path.of("/dev/shm", "trunkline-" + plan.nodeName(d) + "-sessions");
    }

    static Path clusterKey(LabPlan plan) {
        return plan.directory().resolve("cluster.key");
    }

    /**
     * Dispatcher {@code d}: one {@code net_af_xdp} port on its veth with the kernel exception path beside it (BGP,
     * health checks; backends and the router resolved by ARP/ND, no MAC written anywhere), a back-off worker
     * (the lab shares two cores), replication to every other dispatcher over the sync network, BGP to the router and BFD
     * answered by the fast path in the routed modes, and the lab's VIPs over every backend.
     */
    static String dispatcher(LabPlan plan, int d) {
        Path own = dispatcherDirectory(plan, d);
        int worker = d % 2;
        String mode = plan.forwarding().label();
        return """
                node: { id: %d, name: %s }
                dpdk: { main_lcore: %d, memory: anonymous, memory_size: 256MiB }
                ports:
                  - name: data0
                    device: "net_af_xdp0,iface=%s"
                    addresses: [%s/24, "%s/64"]
                    gateways: [%s, "%s"]
                    exception_path: { interface: %s }
                workers: { lcores: [%d], idle: backoff }
                session_table: { path: %s, capacity: 262144 }
                flow_cache: { entries_per_worker: 65536 }
                %sadmin: { socket: %s, ssh: { enabled: false } }
                metrics: { listen: "127.0.0.1:9100" }
                %svips:
                  - { name: web, address: %s, port: %d, pool: %s, mode: %s }
                  - { name: echo, address: %s, port: %d, pool: %s, mode: %s }
                  - { name: web6, address: "%s", port: %d, pool: %s, mode: %s }
                  - { name: echo6, address: "%s", port: %d, pool: %s, mode: %s }
                pools:
                %s""".formatted(d, plan.nodeName(d), 1 - worker, LabPlan.DATA_LINK, LabPlan.dispatcher4(d),
                LabPlan.dispatcher6(d), LabPlan.ROUTER_LAN4, LabPlan.ROUTER_LAN6, LabPlan.KERNEL_LINK, worker, sessionTable(plan, d), replication(plan, d), adminSocket(plan, d),
                routing(plan, own), LabPlan.VIP4, LabPlan.WEB_PORT, vipPool(plan, 0), mode, LabPlan.VIP4, LabPlan.ECHO_PORT,
                vipPool(plan, 1), mode, LabPlan.VIP6, LabPlan.WEB_PORT, vipPool(plan, 2), mode, LabPlan.VIP6, LabPlan.ECHO_PORT,
                vipPool(plan, 3), mode, poolsText(plan));
    }

    /**
     * A pool of the lab's backends, all of them at one address family, checked one way.
     *
     * @param name   its name in the dispatchers' configuration
     * @param ipv6   whether it holds the backends' IPv6 addresses
     * @param health its health check
     * @param idBase backend {@code b}'s id is {@code idBase + b}: ids name backends across pools, on every dispatcher
     */
    record Pool(String name, boolean ipv6, String health, int idBase) {
        int backendId(int b) {
            return idBase + b;
        }

        String backendAddress(int b) {
            return ipv6 ? LabPlan.backend6(b) : LabPlan.backend4(b);
        }
    }

    /**
     * Checked every second; a backend leaves a dispatcher's pool after 3 probes in a row without an answer within 900 ms.
     * Not the 500 ms and 2 probes this was: with everything of the lab on two cores, one dispatcher at a time lost its
     * probes to all backends for about a second while the others did not (docs/lab.md, "Stalls"), and under spraying a
     * dispatcher whose pool differs from its peers' sends a connection begun elsewhere to another backend, which resets it.
     */
    private static final String HTTP_CHECK = "{ type: http, path: /health, interval: 1s, timeout: 900ms, rise: 2, fall: 3 }";
    private static final String TCP_CHECK = "{ type: tcp, interval: 1s, timeout: 900ms, rise: 2, fall: 3 }";
    private static final List<Pool> DSR_POOLS = List.of(new Pool(POOL4, false, HTTP_CHECK, 0));
    /**
     * NAT does not translate between families, and a pool's health check fits one service (HTTP for web, TCP for
     * echo), so each NAT VIP has a pool of its own: web and echo at the backends' IPv4 addresses, web6 and echo6 at
     * their IPv6 ones, in the order of the VIPs.
     */
    private static final List<Pool> NAT_POOLS = List.of(new Pool(POOL4, false, HTTP_CHECK, 0),
            new Pool("echo", false, TCP_CHECK, LabPlan.MAX_BACKENDS), new Pool(POOL6, true, HTTP_CHECK, 2 * LabPlan.MAX_BACKENDS),
            new Pool("echo6", true, TCP_CHECK, 3 * LabPlan.MAX_BACKENDS));

    /** The pools of the dispatchers' configuration. */
    static List<Pool> pools(LabPlan plan) {
        return plan.forwarding() == Forwarding.NAT ? NAT_POOLS : DSR_POOLS;
    }

    /** The pool of the {@code v}-th VIP (web, echo, web6, echo6). */
    private static String vipPool(LabPlan plan, int v) {
        List<Pool> pools = pools(plan);
        return pools.get(Math.min(v, pools.size() - 1)).name();
    }

    private static String poolsText(LabPlan plan) {
        StringBuilder text = new StringBuilder();
        for (Pool pool : pools(plan)) {
            text.append("  - name: ").append(pool.name()).append('\n')
                    .append("    health: ").append(pool.health()).append('\n')
                    .append("    backends:\n");
            for (int b = 1; b <= plan.pooled(); b++) {
                text.append("      - { name: ").append(plan.backendName(b)).append(", address: \"").append(pool.backendAddress(b))
                        .append("\", id: ").append(pool.backendId(b)).append(", weight: ").append(plan.weights().get(b - 1))
                        .append(" }\n");
            }
        }
        return text.toString();
    }

    private static String replication(LabPlan plan, int d) {
        if (plan.dispatchers() == 1) {
            return "";
        }
        StringJoiner peers = new StringJoiner(", ", "[", "]");
        for (int p = 1; p <= plan.dispatchers(); p++) {
            if (p != d) {
                peers.add("{ id: " + p + ", address: \"" + LabPlan.sync4(p) + ":" + LabPlan.REPLICATION_PORT + "\" }");
            }
        }
        return """
                replication:
                  listen: "%s:%d"
                  peers: %s
                  cluster_key_file: %s
                """.formatted(LabPlan.sync4(d), LabPlan.REPLICATION_PORT, peers, clusterKey(plan));
    }

    /**
     * BGP to the router (its IPv4 session carries both families) and, for the static mode and NAT, a second
     * neighbour on the router's IPv6 address: each neighbour is also a BFD peer of the fast path.
     */
    private static String routing(LabPlan plan, Path own) {
        if (plan.mode() == RouterMode.SPRAY) {
            return "";
        }
        // BFD over IPv6 too where the router has IPv6 next hops protected by it: static routes, NAT's return route.
        String v6 = plan.mode() == RouterMode.STATIC || plan.forwarding() == Forwarding.NAT
                ? ", { address: \"" + LabPlan.ROUTER_LAN6 + "\", as: " + LabPlan.ROUTER_AS + " }" : "";
        return """
                routing:
                  bgp:
                    local_as: %d
                    neighbours: [ { address: %s, as: %d }%s ]
                  bfd: { tx_interval: 100ms, rx_interval: 100ms, multiplier: %d }
                  bird: { socket: %s, config: %s, pid_file: %s }
                """.formatted(LabPlan.DISPATCHER_AS, LabPlan.ROUTER_LAN4, LabPlan.ROUTER_AS, v6, BFD_MULTIPLIER, own.resolve("bird.ctl"),
                own.resolve("bird.conf"), own.resolve("bird.pid"));
    }

    /** The router's BIRD: BFD on the LAN, ECMP into the kernel, and BGP or static routes per mode. */
    static String routerBird(LabPlan plan, Path logFile) {
        StringBuilder conf = new StringBuilder("""
                router id %s;
                log "%s" all;
                timeformat log iso long ms;
                protocol device { }
                protocol bfd { interface "%s" { %s }; }
                protocol kernel { ipv4 { import none; export all; }; merge paths on; }
                protocol kernel { ipv6 { import none; export all; }; merge paths on; }
                """.formatted(LabPlan.ROUTER_LAN4, logFile, LabPlan.LAN_BRIDGE, BFD));
        if (plan.mode() == RouterMode.ECMP) {
            conf.append("""
                    template bgp dispatcher {
                      local as %d;
                      direct;
                      bfd on;
                      hold time 9;
                      keepalive time 3;
                      error wait time 1, 5;
                      ipv4 { import where net ~ [ 198.19.0.0/16{32,32} ]; export none; };
                      ipv6 { import where net ~ [ 2001:2:0:ff::/64{128,128} ]; export none; };
                    }
                    """.formatted(LabPlan.ROUTER_AS));
            for (int d = 1; d <= plan.dispatchers(); d++) {
                conf.append("protocol bgp d").append(d).append(" from dispatcher { neighbor ").append(LabPlan.dispatcher4(d))
                        .append(" as ").append(LabPlan.DISPATCHER_AS).append("; }\n");
            }
        } else {
            StringBuilder via4 = new StringBuilder();
            StringBuilder via6 = new StringBuilder();
            for (int d = 1; d <= plan.dispatchers(); d++) {
                via4.append(" via ").append(LabPlan.dispatcher4(d)).append(" bfd");
                via6.append(" via ").append(LabPlan.dispatcher6(d)).append(" bfd");
            }
            conf.append("protocol static vips4 { ipv4; route ").append(LabPlan.VIP4).append("/32").append(via4).append("; }\n");
            conf.append("protocol static vips6 { ipv6; route ").append(LabPlan.VIP6).append("/128").append(via6).append("; }\n");
        }
        if (plan.forwarding() == Forwarding.NAT) {
            conf.append(natReturn(plan));
        }
        return conf.toString();
    }

    /**
     * NAT's return path: a route to the client network through every dispatcher, each next hop kept only while its
     * BFD session is up, in a kernel table of its own that the router consults for packets from the service LAN
     * ({@link LabNetwork}'s policy rule). A killed dispatcher leaves this route the way it leaves the VIPs' route.
     */
    private static String natReturn(LabPlan plan) {
        StringBuilder via4 = new StringBuilder();
        StringBuilder via6 = new StringBuilder();
        for (int d = 1; d <= plan.dispatchers(); d++) {
            via4.append(" via ").append(LabPlan.dispatcher4(d)).append(" bfd");
            via6.append(" via ").append(LabPlan.dispatcher6(d)).append(" bfd");
        }
        return """
                ipv4 table natreturn4;
                ipv6 table natreturn6;
                protocol static return4 { ipv4 { table natreturn4; }; route %s%s; }
                protocol static return6 { ipv6 { table natreturn6; }; route %s%s; }
                protocol kernel { ipv4 { table natreturn4; import none; export all; }; kernel table %d; merge paths on; }
                protocol kernel { ipv6 { table natreturn6; import none; export all; }; kernel table %d; merge paths on; }
                """.formatted(LabPlan.CLIENT_NET4, via4, LabPlan.CLIENT_NET6, via6, NAT_RETURN_TABLE, NAT_RETURN_TABLE);
    }

    /** Spraying: every client packet to a VIP goes to the next dispatcher in turn, resolved by ARP/ND. */
    static String routerSpray(LabPlan plan) {
        StringJoiner map4 = new StringJoiner(", ", "{ ", " }");
        StringJoiner map6 = new StringJoiner(", ", "{ ", " }");
        for (int d = 1; d <= plan.dispatchers(); d++) {
            map4.add((d - 1) + " : " + LabPlan.dispatcher4(d));
            map6.add((d - 1) + " : " + LabPlan.dispatcher6(d));
        }
        int n = plan.dispatchers();
        return """
                table netdev trunkline_spray {
                  chain from_clients {
                    type filter hook ingress device "%s" priority 0; policy accept;
                    ip daddr %s fwd ip to numgen inc mod %d map %s device "%s"
                    ip6 daddr %s fwd ip6 to numgen inc mod %d map %s device "%s"
                  }
                }
                """.formatted(LabPlan.ROUTER_CLIENT_LINK, LabPlan.VIP4, n, map4, LabPlan.LAN_BRIDGE,
                LabPlan.VIP6, n, map6, LabPlan.LAN_BRIDGE);
    }
}
