package io.trunkline.controlplane.lab;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What {@code make demo} shows, unattended in about two minutes: a lab comes up, clients drive HTTP
 * requests and long-lived echo connections through the VIP, a live view shows them spread over the
 * dispatchers and backends, one dispatcher is killed with SIGKILL (the router drops it through BFD alone)
 * and every open connection continues, the dispatcher is started again and rejoins after its snapshot,
 * and the lab goes down. It ends with a summary whose counts come from the clients.
 */
public final class LabDemo {
    private static final Duration TICK = Duration.ofSeconds(2);
    private static final Duration LIMIT = Duration.ofMinutes(3);
    private static final Duration CONVERGE_LIMIT = Duration.ofSeconds(60);
    private static final int VICTIM = 2;
    private static final int WRK_SECONDS = 5;
    private static final int WRK_CONNECTIONS = 8;

    private final LabPlan plan;
    private final Consumer<String> out;
    private final Map<String, Long> lastRx = new HashMap<>();
    private long lastRequests;
    private long lastTickNanos;
    private long started;

    public LabDemo(LabPlan plan, Consumer<String> out) {
        this.plan = plan;
        this.out = out;
    }

    /** Runs the demo; the lab is removed at the end, on failure and on Ctrl-C. Returns the summary lines. */
    public List<String> run() {
        out.accept("== 1. lab up: " + plan.dispatchers() + " dispatchers (router " + plan.mode().label() + "), "
                + plan.backends() + " backends, one client");
        Lab lab = Lab.up(plan, line -> out.accept("   " + line));
        Thread interrupted = new Thread(() -> {
            out.accept("interrupted: removing the lab");
            lab.close();
        });
        Runtime.getRuntime().addShutdownHook(interrupted);
        try {
            return show(lab);
        } finally {
            Runtime.getRuntime().removeShutdownHook(interrupted);
            out.accept("== 8. lab down");
            lab.close();
        }
    }

    private List<String> show(Lab lab) {
        out.accept("== 2. curl through the VIP from the client namespace (each answer names the backend)");
        for (int i = 0; i < 4; i++) {
            out.accept("   $ ip netns exec " + plan.clientNamespace() + " curl -s http://" + LabPlan.VIP4 + "/  ->  "
                    + Commands.run(Commands.inNamespace(plan.clientNamespace(), "curl", "-s", "-m", "5",
                    "http://" + LabPlan.VIP4 + "/")).output().strip());
        }
        out.accept("== 3. traffic: HTTP at 200 requests/s on new connections, and 300 echo connections held open");
        try (LabClient http = LabClient.start(plan, line -> { }, "http", "--rate", "200", "--concurrency", "16");
             LabClient echo = LabClient.start(plan, line -> { }, "echo", "--connections", "300", "--size", "512")) {
            echo.awaitLine("opened ", LIMIT);
            started = System.nanoTime();
            lastTickNanos = started;
            lastRequests = Long.parseLong(lastProgress(http).getOrDefault("requests_ok", "0"));
            watch(lab, http, echo, Duration.ofSeconds(12));
            awaitConverged(lab);

            out.accept("== 4. kill -9 dispatcher d" + VICTIM + " (its fast path and its BIRD stop at once)");
            long killed = System.nanoTime();
            lab.killDispatcher(VICTIM);
            lab.awaitRoutes(plan.dispatchers() - 1);
            long withdrawnMillis = millisSince(killed);
            out.accept("   the router dropped d" + VICTIM + " from its route " + withdrawnMillis + " ms after the kill");
            watch(lab, http, echo, Duration.ofSeconds(12));

            out.accept("== 5. start d" + VICTIM + " again: it asks a peer for a snapshot, then its BFD comes up");
            long restarted = System.nanoTime();
            lab.startDispatcher(VICTIM);
            lab.awaitDispatcherReady(VICTIM);
            long readyMillis = millisSince(restarted);
            lab.awaitRoutes(plan.dispatchers());
            long backMillis = millisSince(restarted);
            out.accept("   d" + VICTIM + " ready (snapshot applied) " + readyMillis + " ms after its start, back in the route at "
                    + backMillis + " ms");
            watch(lab, http, echo, Duration.ofSeconds(12));
            awaitConverged(lab);

            out.accept("== 6. stopping the clients: each echo connection closes cleanly and counts what it saw");
            http.stop(LIMIT);
            echo.stop(LIMIT);
            Map<String, String> requests = http.fields("requests_ok=");
            Map<String, String> connections = echo.fields("echo_connections=");
            HttpBench.Report wrk = wrk();
            return List.of(
                    "summary of the demo (counted by the clients):",
                    "dispatchers=" + plan.dispatchers() + " backends=" + plan.backends() + " router=" + plan.mode().label(),
                    "requests_ok=" + requests.get("requests_ok") + " requests_failed=" + requests.get("requests_failed")
                            + failures(http),
                    "echo_connections=" + connections.get("echo_connections") + " exchanges=" + connections.get("exchanges")
                            + " bytes_verified=" + connections.get("bytes_verified") + " mismatches=" + connections.get("mismatches")
                            + " stalls_over_2s=" + connections.get("stalls") + " slowest_exchange_ms=" + connections.get("slowest_exchange_ms"),
                    "connections_broken_on_dispatcher_kill=" + connections.get("broken"),
                    "route_withdrawn_after_kill_ms=" + withdrawnMillis + " rejoin_ready_ms=" + readyMillis
                            + " route_back_ms=" + backMillis,
                    wrk.summary(),
                    lab.pauses().summary());
        }
    }

    /** Before a dispatcher is killed, and before the verdict: the cluster as the router should see it, or a plain refusal. */
    private void awaitConverged(Lab lab) {
        out.accept("   waiting for the cluster to converge: every BGP session established, every BFD session up, "
                + "the route through all " + plan.started() + " dispatchers");
        long since = System.nanoTime();
        lab.awaitConverged(CONVERGE_LIMIT);
        out.accept("   converged (" + millisSince(since) + " ms)");
    }

    /**
     * As many requests as {@value #WRK_CONNECTIONS} keep-alive connections carry: last, on a quiet lab, because wrk
     * takes both cores (BFD answers were late enough for the router to drop dispatchers once while it ran).
     */
    private HttpBench.Report wrk() {
        out.accept("== 7. wrk from the client namespace: " + WRK_SECONDS + " s, " + WRK_CONNECTIONS
                + " keep-alive connections through the VIP, as many requests as they carry");
        HttpBench.Report wrk = HttpBench.wrk(plan, HttpBench.url(LabPlan.VIP4), WRK_CONNECTIONS, WRK_SECONDS);
        wrk.report().lines().filter(line -> !line.isBlank()).forEach(line -> out.accept("   " + line));
        return wrk;
    }

    /** The live view: every {@link #TICK}, the clients' counts and the lab's state, for {@code duration}. */
    private void watch(Lab lab, LabClient http, LabClient echo, Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            Lab.sleep(TICK);
            LabStatus status = LabInspector.status(lab);
            out.accept(clients(http, echo));
            for (LabStatus.Dispatcher d : status.dispatchers()) {
                out.accept(dispatcher(d, status));
            }
            StringBuilder backends = new StringBuilder("   sessions per backend:");
            status.backends().forEach(b -> backends.append(' ').append(b.name()).append('=')
                    .append(b.sessions() < 0 ? "-" : Long.toString(b.sessions())));
            out.accept(backends + "   router: " + LabPlan.VIP4 + " via " + String.join(" ", status.nextHops4()));
        }
    }

    private String clients(LabClient http, LabClient echo) {
        Map<String, String> requests = lastProgress(http);
        Map<String, String> connections = lastProgress(echo);
        long ok = Long.parseLong(requests.getOrDefault("requests_ok", "0"));
        long now = System.nanoTime();
        long perSecond = (ok - lastRequests) * 1_000_000_000L / Math.max(1, now - lastTickNanos);
        lastRequests = ok;
        lastTickNanos = now;
        return String.format(Locale.ROOT, "t=%3ds  http: %4d req/s, ok %d, failed %s   echo: %s open, broken %s, stalls %s, "
                        + "slowest %s ms", millisSince(started) / 1000, perSecond, ok,
                requests.getOrDefault("requests_failed", "0"), connections.getOrDefault("opened", "0"),
                connections.getOrDefault("broken", "0"), connections.getOrDefault("stalls", "0"),
                connections.getOrDefault("slowest_exchange_ms", "0"));
    }

    /** The http client's {@code failure REASON=N} lines, as one field. */
    private static String failures(LabClient http) {
        List<String> reasons = http.lines().stream().filter(l -> l.startsWith("failure ")).map(l -> l.substring(8)).toList();
        return reasons.isEmpty() ? "" : " failures_by_reason=" + String.join(",", reasons);
    }

    private static Map<String, String> lastProgress(LabClient client) {
        List<String> lines = client.lines();
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("progress ")) {
                return LabClient.parse(lines.get(i));
            }
        }
        return Map.of();
    }

    private String dispatcher(LabStatus.Dispatcher d, LabStatus status) {
        long previous = lastRx.getOrDefault(d.name(), d.rxPackets());
        lastRx.put(d.name(), d.rxPackets());
        long rate = d.alive() ? Math.max(0, d.rxPackets() - previous) / TICK.toSeconds() : 0;
        LabStatus.RouterSession router = status.routerSessions().stream().filter(s -> s.dispatcher().equals(d.name()))
                .findFirst().orElse(new LabStatus.RouterSession(d.name(), "-", "-"));
        return String.format(Locale.ROOT, "   %s %-8s %-12s sessions %6d  rx %5d pkt/s  peers up %d/%d  lag max %4d ms  "
                        + "router BFD %-9s BGP %s", d.name(), d.alive() ? "running" : "killed",
                d.readiness().isEmpty() ? "-" : d.readiness(), d.sessions(), rate, d.peersUp(), d.peers(), d.lagMaxMillis(),
                router.bfd(), router.bgp());
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
