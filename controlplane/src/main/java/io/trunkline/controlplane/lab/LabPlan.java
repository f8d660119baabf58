package io.trunkline.controlplane.lab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a lab is made of and where everything sits: names of namespaces and links, and every address,
 * all derived from the lab's name and sizes so that {@code up}, {@code status}, {@code down} and the
 * tests agree without asking each other.
 * <pre>
 *  client LAN 198.18.1.0/24, 2001:2:0:1::/64   service LAN 198.18.0.0/24, 2001:2::/64     sync 198.18.2.0/24
 *  c1 .2 ── router .1 │ router .1 (bridge "lan") ── d1 .11  d2 .12 ...  b1 .101  b2 .102 ...  d1 .11  d2 .12 ...
 *  VIPs 198.19.0.1 and 2001:2:0:ff::1 (web :80 and echo :7, DSR)
 * </pre>
 *
 * @param name        the lab's name: prefix of its namespaces, node names and files (letters, digits, '-')
 * @param dispatchers how many dispatchers the lab is built for (1..8): namespaces, links, every peer list and the
 *                    router's neighbours name them all
 * @param spareDispatchers how many of them (the last ones) are configured everywhere but not started at {@code up},
 *                    to join at run time ({@code lab start dN}): peer lists and BGP neighbours need a restart to change
 * @param backends    how many backends (1..99)
 * @param spare       how many of them (the last ones) run their servers but are left out of the dispatchers'
 *                    pool at start, to be added at run time
 * @param weights     each backend's weight, {@code backends} of them
 * @param mode        how the router spreads VIP traffic over the dispatchers
 * @param forwarding  how the dispatchers forward to the backends, and so how the backends answer
 * @param root        the directory under which the lab keeps its files ({@code root/name})
 */
public record LabPlan(String name, int dispatchers, int spareDispatchers, int backends, int spare, List<Integer> weights,
                      RouterMode mode, Forwarding forwarding, Path root) {
    public static final String DEFAULT_NAME = "tl-lab";
    public static final Path DEFAULT_ROOT = Path.of("/run/trunkline-lab");
    public static final String VIP4 = "198.19.0.1";
    public static final String VIP6 = "2001:2:0:ff::1";
    public static final int WEB_PORT = 80;
    public static final int ECHO_PORT = 7;
    public static final int ROUTER_AS = 64500;
    public static final int DISPATCHER_AS = 64512;
    public static final int REPLICATION_PORT = 7400;
    public static final int MAX_DISPATCHERS = 8;
    public static final int MAX_BACKENDS = 99;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,9}");

    public LabPlan {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("lab name \"" + name + "\": 1 to 10 lower-case letters, digits or '-', "
                    + "starting with a letter (it prefixes namespace names)");
        }
        if (dispatchers < 1 || dispatchers > MAX_DISPATCHERS) {
            throw new IllegalArgumentException("dispatchers: 1.." + MAX_DISPATCHERS + ", got " + dispatchers);
        }
        if (spareDispatchers < 0 || spareDispatchers >= dispatchers) {
            throw new IllegalArgumentException("spare dispatchers: 0.." + (dispatchers - 1) + " (one at least started), got "
                    + spareDispatchers);
        }
        if (forwarding == Forwarding.NAT && mode == RouterMode.SPRAY) {
            throw new IllegalArgumentException("nat needs the routed modes (ecmp, static): the backends' return route to the "
                    + "clients goes through the dispatchers protected by BFD, which spraying has not");
        }
        if (backends < 1 || backends > MAX_BACKENDS) {
            throw new IllegalArgumentException("backends: 1.." + MAX_BACKENDS + ", got " + backends);
        }
        if (spare < 0 || spare >= backends) {
            throw new IllegalArgumentException("spare backends: 0.." + (backends - 1) + " (one at least in the pool), got " + spare);
        }
        if (weights.size() != backends) {
            throw new IllegalArgumentException(weights.size() + " weights for " + backends + " backends");
        }
        if (weights.stream().anyMatch(w -> w < 1 || w > 65535)) {
            throw new IllegalArgumentException("weights: each 1..65535, got " + weights);
        }
        weights = List.copyOf(weights);
    }

    /** A plan with every backend at weight 100. */
    public static LabPlan of(String name, int dispatchers, int backends, RouterMode mode) {
        return new LabPlan(name, dispatchers, 0, backends, 0, Collections.nCopies(backends, 100), mode, Forwarding.DSR,
                DEFAULT_ROOT);
    }

    public LabPlan withRoot(Path directory) {
        return new LabPlan(name, dispatchers, spareDispatchers, backends, spare, weights, mode, forwarding, directory);
    }

    public LabPlan withWeights(List<Integer> backendWeights) {
        return new LabPlan(name, dispatchers, spareDispatchers, backends, spare, backendWeights, mode, forwarding, root);
    }

    public LabPlan withSpare(int spareBackends) {
        return new LabPlan(name, dispatchers, spareDispatchers, backends, spareBackends, weights, mode, forwarding, root);
    }

    public LabPlan withSpareDispatchers(int spareCount) {
        return new LabPlan(name, dispatchers, spareCount, backends, spare, weights, mode, forwarding, root);
    }

    public LabPlan withForwarding(Forwarding backendForwarding) {
        return new LabPlan(name, dispatchers, spareDispatchers, backends, spare, weights, mode, backendForwarding, root);
    }

    /** Dispatchers started at {@code up}: d1 .. d(dispatchers - spareDispatchers). */
    public int started() {
        return dispatchers - spareDispatchers;
    }

    /** Backends in the dispatchers' pool at start: b1 .. b(backends - spare). */
    public int pooled() {
        return backends - spare;
    }

    /** The lab's own directory: configuration files, logs, sockets, its state file. */
    public Path directory() {
        return root.resolve(name);
    }

    // ---------------------------------------------------------------- namespaces

    public String routerNamespace() {
        return name + "-router";
    }

    public String clientNamespace() {
        return name + "-c1";
    }

    /** Dispatcher {@code d}, counted from 1. */
    public String dispatcherNamespace(int d) {
        return name + "-d" + d;
    }

    /** Backend {@code b}, counted from 1. */
    public String backendNamespace(int b) {
        return name + "-b" + b;
    }

    /** Every namespace of the lab, router first. */
    public List<String> namespaces() {
        List<String> all = new ArrayList<>(List.of(routerNamespace(), clientNamespace()));
        for (int d = 1; d <= dispatchers; d++) {
            all.add(dispatcherNamespace(d));
        }
        for (int b = 1; b <= backends; b++) {
            all.add(backendNamespace(b));
        }
        return all;
    }

    // ---------------------------------------------------------------- names inside namespaces

    /** The router's end of dispatcher {@code d}'s data link (a port of the bridge "lan"). */
    public static String routerDataLink(int d) {
        return "d" + d;
    }

    /** The sync network's bridge port towards dispatcher {@code d}. */
    public static String routerSyncLink(int d) {
        return "s" + d;
    }

    public static String routerBackendLink(int b) {
        return "b" + b;
    }

    public static final String ROUTER_CLIENT_LINK = "c1";
    public static final String LAN_BRIDGE = "lan";
    public static final String SYNC_BRIDGE = "sync";
    /** The dispatcher's data port: the veth end its DPDK {@code net_af_xdp} port owns. */
    public static final String DATA_LINK = "data0";
    public static final String SYNC_LINK = "sync0";
    /** The kernel side of the dispatcher's exception path (a DPDK {@code net_tap}) in its namespace. */
    public static final String KERNEL_LINK = "tap0";
    /** The interface of a backend or a client. */
    public static final String HOST_LINK = "eth0";

    /** The DPDK node name of dispatcher {@code d}: its EAL prefix, counters and session files follow it. */
    public String nodeName(int d) {
        return name + "-d" + d;
    }

    public String backendName(int b) {
        return "b" + b;
    }

    // ---------------------------------------------------------------- addresses

    public static final String ROUTER_LAN4 = "198.18.0.1";
    public static final String ROUTER_LAN6 = "2001:2::1";
    public static final String ROUTER_CLIENT4 = "198.18.1.1";
    public static final String ROUTER_CLIENT6 = "2001:2:0:1::1";
    public static final String CLIENT4 = "198.18.1.2";
    public static final String CLIENT6 = "2001:2:0:1::2";
    public static final String LAN_NET4 = "198.18.0.0/24";
    public static final String LAN_NET6 = "2001:2::/64";
    public static final String CLIENT_NET4 = "198.18.1.0/24";
    public static final String CLIENT_NET6 = "2001:2:0:1::/64";

    public static String dispatcher4(int d) {
        return "198.18.0." + (10 + d);
    }

    public static String dispatcher6(int d) {
        return "2001:2::d:" + d;
    }

    public static String sync4(int d) {
        return "198.18.2." + (10 + d);
    }

    public static String backend4(int b) {
        return "198.18.0." + (100 + b);
    }

    public static String backend6(int b) {
        return "2001:2::b:" + b;
    }
}
