package io.trunkline.controlplane.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.trunkline.controlplane.admin.AdminClient;
import io.trunkline.controlplane.admin.AdminException;
import io.trunkline.controlplane.admin.AdminProtocol;
import io.trunkline.controlplane.admin.CounterSample;
import io.trunkline.controlplane.daemon.BackendHealthView;
import io.trunkline.controlplane.daemon.CounterView;
import io.trunkline.controlplane.daemon.DispatcherStatus;
import io.trunkline.controlplane.replication.PeerStats;
import io.trunkline.controlplane.replication.ReplicationStats;
import io.trunkline.controlplane.routing.BgpSession;
import io.trunkline.controlplane.routing.BirdControl;
import io.trunkline.controlplane.routing.BirdException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the lab's state from where it lives: the daemons' admin sockets, the router's kernel and its BIRD. */
public final class LabInspector {
    private static final Pattern VIA = Pattern.compile("via (?:inet6 )?(\\S+)");
    private static final Pattern BFD_ROW = Pattern.compile("^\\s*(\\S+)\\s+\\S+\\s+(Up|Down|Init|AdminDown)\\b");

    private LabInspector() {
    }

    /** The next hops of the router's kernel route to {@code vip} (none when it has no route). */
    public static Set<String> nextHops(LabPlan plan, String vip) {
        return hops(plan, vip, "main");
    }

    /**
     * NAT: the next hops of the router's return route to the client network {@code clientNet} (what the backends send
     * to the clients goes through these dispatchers); none in a DSR lab.
     */
    public static Set<String> returnNextHops(LabPlan plan, String clientNet) {
        return hops(plan, clientNet, Integer.toString(LabConfigs.NAT_RETURN_TABLE));
    }

    private static Set<String> hops(LabPlan plan, String destination, String table) {
        Commands.Result route = Commands.run("ip", "-n", plan.routerNamespace(), destination.contains(":") ? "-6" : "-4",
                "route", "show", "table", table, destination);
        Set<String> hops = new TreeSet<>();
        Matcher via = VIA.matcher(route.output());
        while (via.find()) {
            hops.add(via.group(1));
        }
        return hops;
    }

    public static LabStatus status(Lab lab) {
        LabPlan plan = lab.plan();
        List<LabStatus.Dispatcher> dispatchers = new ArrayList<>();
        Map<String, Long> perBackend = null;
        for (int d = 1; d <= plan.dispatchers(); d++) {
            Optional<LabProcess> process = lab.dispatcher(d);
            boolean alive = process.map(LabProcess::alive).orElse(false);
            Path socket = LabConfigs.adminSocket(plan, d);
            LabStatus.Dispatcher row = alive ? ask(socket, "d" + d, process.get().pid()) : null;
            if (row == null) {
                row = new LabStatus.Dispatcher("d" + d, LabPlan.dispatcher4(d), process.map(LabProcess::pid).orElse(0L), alive,
                        "", 0, 0, 0, 0, 0);
            } else if (perBackend == null) {
                perBackend = backendSessions(socket);
            }
            dispatchers.add(row);
        }
        List<LabStatus.Backend> backends = new ArrayList<>();
        for (int b = 1; b <= plan.backends(); b++) {
            String name = plan.backendName(b);
            boolean alive = lab.processes().stream().anyMatch(p -> p.name().equals(name) && p.alive());
            long sessions = perBackend == null ? -1 : perBackend.getOrDefault(name, 0L);
            backends.add(new LabStatus.Backend(name, LabPlan.backend4(b), plan.weights().get(b - 1), alive, sessions));
        }
        boolean nat = plan.forwarding() == Forwarding.NAT;
        return new LabStatus(plan.name(), plan.mode(), plan.forwarding(), dispatchers, backends,
                List.copyOf(nextHops(plan, LabPlan.VIP4)), List.copyOf(nextHops(plan, LabPlan.VIP6)),
                nat ? List.copyOf(returnNextHops(plan, LabPlan.CLIENT_NET4)) : List.of(),
                nat ? List.copyOf(returnNextHops(plan, LabPlan.CLIENT_NET6)) : List.of(), routerSessions(lab));
    }

    private static LabStatus.Dispatcher ask(Path socket, String name, long pid) {
        try (AdminClient client = new AdminClient(socket)) {
            DispatcherStatus status = read(client.call("status", Map.of()), DispatcherStatus.class);
            ReplicationStats replication = read(client.call("peers", Map.of()), ReplicationStats.class);
            CounterSample counters = read(client.call("stats", Map.of()), CounterSample.class);
            long lag = replication.peers().stream().mapToLong(PeerStats::lagMaxMillis).max().orElse(0);
            long rx = counters.counters().stream().filter(c -> c.name().startsWith("rx_packets")).mapToLong(CounterView::value).sum();
            int d = Integer.parseInt(name.substring(1));
            return new LabStatus.Dispatcher(name, LabPlan.dispatcher4(d), pid, true, status.readiness().name(), status.sessions(),
                    rx, status.peersUp(), status.peers(), lag);
        } catch (AdminException e) {
            return null;
        }
    }

    private static <T> T read(JsonNode node, Class<T> type) {
        try {
            return AdminProtocol.json().treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new AdminException("unexpected answer: " + e.getOriginalMessage());
        }
    }

    /**
     * Every running dispatcher's fast-path counters that are not zero, one dispatcher a line: what to read
     * when traffic went missing (drops by reason, per-port and per-backend packets).
     */
    public static String counters(Lab lab) {
        StringBuilder text = new StringBuilder();
        for (int d = 1; d <= lab.plan().dispatchers(); d++) {
            text.append("d").append(d).append(':');
            if (lab.dispatcher(d).map(LabProcess::alive).orElse(false)) {
                try (AdminClient client = new AdminClient(LabConfigs.adminSocket(lab.plan(), d))) {
                    for (CounterView counter : read(client.call("stats", Map.of()), CounterSample.class).counters()) {
                        if (counter.value() != 0) {
                            text.append(' ').append(counter.name().replace(' ', '/')).append('=').append(counter.value());
                        }
                    }
                } catch (AdminException e) {
                    text.append(" (no answer: ").append(e.getMessage()).append(')');
                }
            } else {
                text.append(" (not running)");
            }
            text.append('\n');
        }
        return text.toString();
    }

    /**
     * The sum of dispatcher {@code d}'s fast-path counters whose name starts with {@code prefix} ({@code vip_packets}:
     * what it forwarded for the VIPs); -1 when it does not answer.
     */
    public static long counter(Lab lab, int d, String prefix) {
        try (AdminClient client = new AdminClient(LabConfigs.adminSocket(lab.plan(), d))) {
            return read(client.call("stats", Map.of()), CounterSample.class).counters().stream()
                    .filter(c -> c.name().startsWith(prefix)).mapToLong(CounterView::value).sum();
        } catch (AdminException e) {
            return -1;
        }
    }

    /** Dispatcher {@code d}'s readiness (JOINING, SNAPSHOTTING, READY); empty when it does not answer. */
    public static String readiness(Lab lab, int d) {
        return Lab.readiness(LabConfigs.adminSocket(lab.plan(), d));
    }

    /** Dispatcher {@code d}'s status as its admin socket tells it; empty when it does not answer. */
    public static Optional<DispatcherStatus> dispatcherStatus(Lab lab, int d) {
        try (AdminClient client = new AdminClient(LabConfigs.adminSocket(lab.plan(), d))) {
            return Optional.of(read(client.call("status", Map.of()), DispatcherStatus.class));
        } catch (AdminException e) {
            return Optional.empty();
        }
    }

    /** A backend's health-check state (UP, DOWN, UNKNOWN) on one dispatcher; empty when it does not answer. */
    static String backendHealth(Path socket, String backend) {
        try (AdminClient client = new AdminClient(socket)) {
            for (BackendHealthView view : read(client.call("health", Map.of()), BackendHealthView[].class)) {
                if (view.backend().equals(backend)) {
                    return view.state();
                }
            }
            return "";
        } catch (AdminException e) {
            return "";
        }
    }

    /** Sessions per backend name in the shared table, from one dispatcher's copy. */
    private static Map<String, Long> backendSessions(Path socket) {
        Map<String, Long> sessions = new HashMap<>();
        try (AdminClient client = new AdminClient(socket)) {
            for (BackendHealthView backend : read(client.call("health", Map.of()), BackendHealthView[].class)) {
                sessions.put(backend.backend(), backend.sessions());
            }
        } catch (AdminException e) {
            return null;
        }
        return sessions;
    }

    /** Each dispatcher's BFD state at the router, and its BGP session state in ecmp mode. */
    static List<LabStatus.RouterSession> routerSessions(Lab lab) {
        LabPlan plan = lab.plan();
        if (plan.mode() == RouterMode.SPRAY) {
            return List.of();
        }
        BirdControl bird = new BirdControl(lab.routerBirdSocket(), Duration.ofSeconds(1));
        Map<String, String> bfd = new HashMap<>();
        Map<String, String> bgp = new HashMap<>();
        try {
            for (String line : bird.command("show bfd sessions").summary().split("; ")) {
                Matcher row = BFD_ROW.matcher(line);
                if (row.find()) {
                    bfd.put(row.group(1), row.group(2));
                }
            }
            if (plan.mode() == RouterMode.ECMP) {
                for (BgpSession session : bird.bgpSessions()) {
                    bgp.put(session.protocol(), session.state());
                }
            }
        } catch (BirdException e) {
            return List.of();
        }
        List<LabStatus.RouterSession> sessions = new ArrayList<>();
        for (int d = 1; d <= plan.dispatchers(); d++) {
            String address = LabPlan.dispatcher4(d);
            sessions.add(new LabStatus.RouterSession("d" + d, bfd.getOrDefault(address, "-"), bgp.getOrDefault("d" + d, "-")));
        }
        return sessions;
    }
}
