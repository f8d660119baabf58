package io.trunkline.controlplane.lab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The lab's network: namespaces, veth pairs and the router's two bridges, with their addresses and
 * the kernel settings each role needs. Deleting a namespace deletes every veth with an end in it, so
 * {@link #remove} leaves nothing behind.
 * <pre>
 *  router ns: bridge "lan" 198.18.0.1/24 2001:2::1/64 ─ ports d1..dN (dispatchers' data0), b1..bM (backends' eth0)
 *             bridge "sync" (no address)               ─ ports s1..sN (dispatchers' sync0, 198.18.2.1N/24)
 *             c1 198.18.1.1/24 2001:2:0:1::1/64        ─ client's eth0 198.18.1.2/24 2001:2:0:1::2/64
 * </pre>
 * Every veth end has TX checksum offload off: a DPDK {@code net_af_xdp} port receives what the kernel
 * hands the veth as it is, and a partial checksum left for the NIC that is not there breaks TCP.
 */
final class LabNetwork {
    private LabNetwork() {
    }

    /** Builds the whole network of {@code plan}; the caller removes it if this fails half way. */
    static void create(LabPlan plan) {
        for (String namespace : plan.namespaces()) {
            Commands.check("ip", "netns", "add", namespace);
            ip(namespace, "link", "set", "lo", "up");
        }
        router(plan);
        client(plan);
        for (int d = 1; d <= plan.dispatchers(); d++) {
            dispatcher(plan, d);
        }
        for (int b = 1; b <= plan.backends(); b++) {
            backend(plan, b);
        }
    }

    /** Deletes every namespace of the lab that exists (and so every veth); returns the ones deleted. */
    static List<String> remove(String labName) {
        List<String> deleted = new ArrayList<>();
        for (String namespace : existing(labName)) {
            Commands.Result result = Commands.run("ip", "netns", "del", namespace);
            if (result.ok()) {
                deleted.add(namespace);
            }
        }
        return deleted;
    }

    /** The namespaces of the lab named {@code labName} that exist now. */
    static List<String> existing(String labName) {
        String listing = Commands.check("ip", "netns", "list");
        return listing.lines().map(line -> line.split(" ")[0])
                .filter(ns -> ns.startsWith(labName + "-") && isLabRole(ns.substring(labName.length() + 1)))
                .toList();
    }

    private static boolean isLabRole(String role) {
        return role.equals("router") || role.matches("[cdb][0-9]+");
    }

    private static void router(LabPlan plan) {
        String r = plan.routerNamespace();
        for (String bridge : List.of(LabPlan.LAN_BRIDGE, LabPlan.SYNC_BRIDGE)) {
            // Multicast snooping would keep neighbour solicitations from ports that sent no MLD report.
            ip(r, "link", "add", bridge, "type", "bridge", "mcast_snooping", "0");
            ip(r, "link", "set", bridge, "up");
        }
        ip(r, "addr", "add", LabPlan.ROUTER_LAN4 + "/24", "dev", LabPlan.LAN_BRIDGE);
        ip(r, "addr", "add", LabPlan.ROUTER_LAN6 + "/64", "dev", LabPlan.LAN_BRIDGE, "nodad");
        sysctl(r, "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1",
                "net.ipv4.fib_multipath_hash_policy=1", "net.ipv6.fib_multipath_hash_policy=1",
                "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0");
        offloadsOff(r, LabPlan.LAN_BRIDGE);
        if (plan.forwarding() == Forwarding.NAT) {
            natReturnRules(r);
        }
    }

    /**
     * NAT: what comes in from the service LAN (the backends' answers; the dispatchers' own rewritten replies carry
     * the VIP as source) is routed by the table BIRD fills with the return route through the dispatchers. Under it, a
     * blackhole: at a moment with no live dispatcher the answers are dropped (the backends retransmit), not routed
     * untranslated to the client, whose kernel would answer the unknown source with a reset. No redirects: a backend
     * told to reach the client through one dispatcher directly would keep a dead one.
     */
    private static void natReturnRules(String r) {
        String table = Integer.toString(LabConfigs.NAT_RETURN_TABLE);
        ip(r, "rule", "add", "from", LabPlan.LAN_NET4, "iif", LabPlan.LAN_BRIDGE, "lookup", table);
        ip(r, "-6", "rule", "add", "from", LabPlan.LAN_NET6, "iif", LabPlan.LAN_BRIDGE, "lookup", table);
        ip(r, "route", "add", "blackhole", LabPlan.CLIENT_NET4, "table", table, "metric", "65535");
        ip(r, "-6", "route", "add", "blackhole", LabPlan.CLIENT_NET6, "table", table, "metric", "65535");
        sysctl(r, "net.ipv4.conf.all.send_redirects=0", "net.ipv4.conf." + LabPlan.LAN_BRIDGE + ".send_redirects=0");
    }

    private static void client(LabPlan plan) {
        String c = plan.clientNamespace();
        veth(plan.routerNamespace(), LabPlan.ROUTER_CLIENT_LINK, c, LabPlan.HOST_LINK);
        ip(plan.routerNamespace(), "addr", "add", LabPlan.ROUTER_CLIENT4 + "/24", "dev", LabPlan.ROUTER_CLIENT_LINK);
        ip(plan.routerNamespace(), "addr", "add", LabPlan.ROUTER_CLIENT6 + "/64", "dev", LabPlan.ROUTER_CLIENT_LINK, "nodad");
        ip(plan.routerNamespace(), "link", "set", LabPlan.ROUTER_CLIENT_LINK, "up");
        ip(c, "addr", "add", LabPlan.CLIENT4 + "/24", "dev", LabPlan.HOST_LINK);
        ip(c, "addr", "add", LabPlan.CLIENT6 + "/64", "dev", LabPlan.HOST_LINK, "nodad");
        ip(c, "link", "set", LabPlan.HOST_LINK, "up");
        ip(c, "route", "add", "default", "via", LabPlan.ROUTER_CLIENT4);
        ip(c, "-6", "route", "add", "default", "via", LabPlan.ROUTER_CLIENT6);
        // Thousands of short connections from one address: every local port, and TIME_WAIT ports reused.
        sysctl(c, "net.ipv4.ip_local_port_range=10000 65000", "net.ipv4.tcp_tw_reuse=1");
    }

    /** data0 belongs to DPDK (no address, no IPv6, nothing sent by the kernel); sync0 carries replication. */
    private static void dispatcher(LabPlan plan, int d) {
        String r = plan.routerNamespace();
        String ns = plan.dispatcherNamespace(d);
        veth(r, LabPlan.routerDataLink(d), ns, LabPlan.DATA_LINK);
        ip(r, "link", "set", LabPlan.routerDataLink(d), "master", LabPlan.LAN_BRIDGE, "up");
        sysctl(ns, "net.ipv6.conf." + LabPlan.DATA_LINK + ".disable_ipv6=1");
        ip(ns, "link", "set", LabPlan.DATA_LINK, "up");
        veth(r, LabPlan.routerSyncLink(d), ns, LabPlan.SYNC_LINK);
        ip(r, "link", "set", LabPlan.routerSyncLink(d), "master", LabPlan.SYNC_BRIDGE, "up");
        ip(ns, "addr", "add", LabPlan.sync4(d) + "/24", "dev", LabPlan.SYNC_LINK);
        ip(ns, "link", "set", LabPlan.SYNC_LINK, "up");
    }

    /**
     * DSR: the VIPs on loopback, and ARP answered only for the address of the interface asked on. NAT: no VIP (the
     * dispatchers send to the backend's own address), redirects ignored, everything to the router, whose return route
     * takes the answers to the clients through the dispatchers.
     */
    private static void backend(LabPlan plan, int b) {
        String r = plan.routerNamespace();
        String ns = plan.backendNamespace(b);
        veth(r, LabPlan.routerBackendLink(b), ns, LabPlan.HOST_LINK);
        ip(r, "link", "set", LabPlan.routerBackendLink(b), "master", LabPlan.LAN_BRIDGE, "up");
        ip(ns, "link", "set", LabPlan.HOST_LINK, "address", backendMac(b));
        ip(ns, "addr", "add", LabPlan.backend4(b) + "/24", "dev", LabPlan.HOST_LINK);
        ip(ns, "addr", "add", LabPlan.backend6(b) + "/64", "dev", LabPlan.HOST_LINK, "nodad");
        if (plan.forwarding() == Forwarding.DSR) {
            sysctl(ns, "net.ipv4.conf.all.arp_ignore=1", "net.ipv4.conf.all.arp_announce=2",
                    "net.ipv4.conf." + LabPlan.HOST_LINK + ".arp_ignore=1", "net.ipv4.conf." + LabPlan.HOST_LINK + ".arp_announce=2");
            ip(ns, "addr", "add", LabPlan.VIP4 + "/32", "dev", "lo");
            ip(ns, "addr", "add", LabPlan.VIP6 + "/128", "dev", "lo", "nodad");
        } else {
            sysctl(ns, "net.ipv4.conf.all.accept_redirects=0", "net.ipv4.conf." + LabPlan.HOST_LINK + ".accept_redirects=0",
                    "net.ipv6.conf.all.accept_redirects=0", "net.ipv6.conf." + LabPlan.HOST_LINK + ".accept_redirects=0");
        }
        ip(ns, "link", "set", LabPlan.HOST_LINK, "up");
        ip(ns, "route", "add", "default", "via", LabPlan.ROUTER_LAN4);
        ip(ns, "-6", "route", "add", "default", "via", LabPlan.ROUTER_LAN6);
    }

    /** Backend {@code b}'s MAC: fixed, so that captures read the same in every run. */
    static String backendMac(int b) {
        return String.format("02:54:4c:00:00:%02x", b);
    }

    /** A veth pair from {@code nameA} in {@code nsA} to {@code nameB} in {@code nsB}, offloads off at both ends. */
    private static void veth(String nsA, String nameA, String nsB, String nameB) {
        Commands.check("ip", "link", "add", nameA, "netns", nsA, "type", "veth", "peer", "name", nameB, "netns", nsB);
        offloadsOff(nsA, nameA);
        offloadsOff(nsB, nameB);
    }

    private static void offloadsOff(String namespace, String link) {
        Commands.checkIn(namespace, "ethtool", "-K", link, "tx", "off");
    }

    private static void ip(String namespace, String... args) {
        List<String> command = new ArrayList<>(List.of("ip", "-n", namespace));
        command.addAll(Arrays.asList(args));
        Commands.check(command.toArray(String[]::new));
    }

    private static void sysctl(String namespace, String... settings) {
        List<String> command = new ArrayList<>(List.of("sysctl", "-q", "-w"));
        command.addAll(Arrays.asList(settings));
        Commands.checkIn(namespace, command.toArray(String[]::new));
    }
}
