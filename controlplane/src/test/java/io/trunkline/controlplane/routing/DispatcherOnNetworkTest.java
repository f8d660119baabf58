package io.trunkline.controlplane.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.trunkline.controlplane.admin.AdminClient;
import io.trunkline.controlplane.testing.TrunklineProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real dispatcher daemons ({@code trunkline run}) on a real network: each in its own namespace on DPDK
 * {@code net_af_xdp} over a veth, a router namespace running BIRD 2 (BGP multipath into its kernel, BFD
 * 100 ms x 3 on every session), a backend namespace with an HTTP server and the VIP on its loopback, all on
 * one bridge in the router's namespace. No static neighbour entry anywhere: the router and the backend resolve
 * the dispatchers by ARP (answered by the fast path), the dispatchers resolve them with their neighbour
 * tables. Everything else for a dispatcher's own address (BGP, ping, TCP, the health checks' answers) passes
 * its kernel exception port. Root only; BIRD 2, python3 and curl needed.
 *
 * <pre>
 *   router (br0 198.18.40.1/24, 2001:2:40::1/64, AS 64500) ── d1 198.18.40.2, 2001:2:40::2 ┐ AS 64512
 *                                                          ├─ d2 198.18.40.3, 2001:2:40::3 ┘ VIP 198.19.40.1:80
 *                                                          └─ backend 198.18.40.10 (VIP on lo, default via the router)
 * </pre>
 */
class DispatcherOnNetworkTest {
    private static final Path BIRD = Path.of("/usr/sbin/bird");
    private static final String ROUTER = "198.18.40.1";
    private static final String BACKEND = "198.18.40.10";
    private static final String VIP = "198.19.40.1";
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Pattern VIA = Pattern.compile("via (\\S+)");

    @TempDir
    static Path dir;
    private static final List<AutoCloseable> NETWORK = new ArrayList<>();
    private static Netns router;
    private static Netns backend;
    private static final Map<Integer, Netns> DISPATCHERS = new HashMap<>();
    private static BirdControl routerBird;
    private final List<AutoCloseable> daemons = new ArrayList<>();

    @BeforeAll
    static void network() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: network namespaces, veths, AF_XDP");
        assumeTrue(Files.isExecutable(BIRD), "BIRD 2 is not installed (scripts/bootstrap installs bird2)");
        assumeTrue(onPath("python3") && onPath("curl") && onPath("ping") && onPath("ethtool"),
                "needs python3, curl, ping and ethtool (scripts/bootstrap installs them)");
        String tag = Long.toString(ProcessHandle.current().pid() % 100000);
        router = track(Netns.create("tl-net-r-" + tag));
        router.ip("link", "add", "br0", "type", "bridge");
        router.ip("addr", "add", ROUTER + "/24", "dev", "br0");
        router.ip("addr", "add", "2001:2:40::1/64", "dev", "br0", "nodad");
        router.ip("link", "set", "br0", "up");
        for (int d = 1; d <= 2; d++) {
            Netns ns = track(Netns.create("tl-net-d" + d + "-" + tag));
            DISPATCHERS.put(d, ns);
            Netns.check("ip", "link", "add", "data0", "netns", ns.name, "type", "veth", "peer", "name", "r-d" + d, "netns", router.name);
            bridge("r-d" + d);
            ns.exec("sysctl", "-q", "-w", "net.ipv6.conf.data0.disable_ipv6=1");
            ns.exec("ethtool", "-K", "data0", "tx", "off");
            ns.ip("link", "set", "data0", "up");
        }
        backend = track(Netns.create("tl-net-b-" + tag));
        Netns.check("ip", "link", "add", "eth0", "netns", backend.name, "type", "veth", "peer", "name", "r-b", "netns", router.name);
        bridge("r-b");
        backend.ip("addr", "add", BACKEND + "/24", "dev", "eth0");
        backend.ip("addr", "add", VIP + "/32", "dev", "lo");
        backend.exec("sysctl", "-q", "-w", "net.ipv4.conf.all.arp_ignore=1", "net.ipv4.conf.all.arp_announce=2");
        backend.exec("ethtool", "-K", "eth0", "tx", "off");
        backend.ip("link", "set", "eth0", "up");
        backend.ip("route", "add", "default", "via", ROUTER);
        Process server = new ProcessBuilder("ip", "netns", "exec", backend.name, "python3", "-m", "http.server", "80")
                .directory(Files.createDirectories(dir.resolve("www")).toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("www.log").toFile()).start();
        track(() -> stop(server));
        Files.writeString(dir.resolve("www/index.html"), "served by the backend\n");
        startRouter();
    }

    @AfterAll
    static void removeNetwork() {
        Collections.reverse(NETWORK);
        closeAll(NETWORK);
    }

    @AfterEach
    void stopDaemons() {
        Collections.reverse(daemons);
        closeAll(daemons);
        daemons.clear();
    }

    @Test
    void oneDispatcherResolvesItsNeighboursServesItsOwnAddressThroughTheKernelAndForwardsTheVip() throws Exception {
        TrunklineProcess d1 = startDispatcher(1);
        await(d1, () -> nextHops(VIP).equals(Set.of("198.18.40.2")), "router's route to the VIP through d1 (BGP over the exception path)");
        await(d1, () -> birdBfdState("198.18.40.2").equals("Up"), "router's BFD session to d1 Up (answered by the fast path)");

        String ping = router.exec("ping", "-c", "3", "-i", "0.2", "-W", "2", "198.18.40.2");
        assertTrue(ping.contains("3 received"), ping);
        String ping6 = router.exec("ping", "-6", "-c", "2", "-i", "0.2", "-W", "2", "2001:2:40::2");
        assertTrue(ping6.contains("2 received"), ping6);
        assertEquals("hello over the exception path", tcpToListenerInDispatcher(1, "198.18.40.2"));

        String page = router.exec("curl", "-s", "-m", "5", "http://" + VIP + "/index.html");
        assertEquals("served by the backend\n", page, "client request through d1 to the backend (DSR), answer straight back");

        String dispatcherMac = mac(DISPATCHERS.get(1), "data0");
        assertResolvedByArp(router, "br0", "198.18.40.2", dispatcherMac);
        assertResolvedByArp(backend, "eth0", "198.18.40.2", dispatcherMac);
        try (AdminClient admin = new AdminClient(socket(1))) {
            Map<String, JsonNode> neighbours = new HashMap<>();
            admin.call("neighbours", Map.of()).forEach(n -> neighbours.put(n.get("address").asText(), n));
            assertEquals("REACHABLE", neighbours.get(BACKEND).get("state").asText(), neighbours.toString());
            assertEquals(mac(backend, "eth0"), neighbours.get(BACKEND).get("mac").asText());
            assertEquals("REACHABLE", neighbours.get(ROUTER).get("state").asText(), neighbours.toString());
            assertEquals(mac(router, "br0"), neighbours.get(ROUTER).get("mac").asText());
            Map<String, Long> counters = new HashMap<>();
            admin.call("stats", Map.of()).get("counters").forEach(c -> counters.put(c.get("name").asText(), c.get("value").asLong()));
            // Resolved by the fast path (REACHABLE with the right MACs, above): by its own requests, or from a request the
            // router or the backend sent it first, whichever came first; so neighbour_requests may stay 0 (seen under load).
            assertTrue(counters.getOrDefault("kernel_rx", 0L) > 0 && counters.getOrDefault("kernel_tx", 0L) > 0, counters.toString());
            assertTrue(counters.getOrDefault("arp_replies", 0L) + counters.getOrDefault("nd_advertisements", 0L) > 0, counters.toString());

            router.exec("ping", "-q", "-c", "1000", "-i", "0.0002", "-W", "1", "198.18.40.2");
            admin.call("stats", Map.of()).get("counters").forEach(c -> counters.put(c.get("name").asText(), c.get("value").asLong()));
            assertTrue(counters.getOrDefault("drops{reason=KERNEL_RATE_LIMIT}", 0L) > 0,
                    "a ping flood beyond 500 packets/s is cut by the exception path's token bucket: " + counters);
            assertEquals("served by the backend\n", router.exec("curl", "-s", "-m", "5", "http://" + VIP + "/index.html"),
                    "VIP traffic never meets the exception path's limit");
        }
    }

    @Test
    void routerSpreadsOverReadyDispatchersLosesAKilledOneAndAStoppedOneLeavesBeforeItExits() throws Exception {
        TrunklineProcess d1 = startDispatcher(1);
        TrunklineProcess d2 = startDispatcher(2);
        await(d2, () -> nextHops(VIP).equals(Set.of("198.18.40.2", "198.18.40.3")), "one ECMP route through both dispatchers");
        await(d2, () -> birdBfdState("198.18.40.2").equals("Up") && birdBfdState("198.18.40.3").equals("Up"), "BFD Up to both");

        long killed = System.nanoTime();
        d1.signal("KILL");
        long gone = pollUntil(() -> nextHops(VIP).equals(Set.of("198.18.40.3")));
        System.out.printf("kill -9 of d1: its next hop left the router's kernel route after %d ms (BFD 100 ms x 3)%n",
                TimeUnit.NANOSECONDS.toMillis(gone - killed));
        assertTrue(gone - killed <= TimeUnit.SECONDS.toNanos(1), "next hop of a killed dispatcher gone within 1 s, took "
                + TimeUnit.NANOSECONDS.toMillis(gone - killed) + " ms");
        d1.waitFor(Duration.ofSeconds(10));

        TrunklineProcess again = startDispatcher(1);
        await(again, () -> nextHops(VIP).equals(Set.of("198.18.40.2", "198.18.40.3")), "d1 back in the route after its restart");
        assertTrue(again.output().contains("routing: dispatcher ready"),
                "d1 was back only once ready:\n" + again.output());

        long stopAsked = System.nanoTime();
        d2.signal("TERM");
        long withdrawn = 0;
        while (d2.isAlive() && System.nanoTime() - stopAsked < PATIENCE.toNanos()) {
            if (withdrawn == 0 && nextHops(VIP).equals(Set.of("198.18.40.2"))) {
                withdrawn = System.nanoTime();
            }
            Thread.sleep(5);
        }
        long exited = System.nanoTime();
        assertTrue(withdrawn != 0, "d2's next hop left the route before its process exited:\n" + d2.output());
        System.out.printf("SIGTERM to d2: next hop gone after %d ms, process exited after %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(withdrawn - stopAsked), TimeUnit.NANOSECONDS.toMillis(exited - stopAsked));
        assertEquals(143, d2.waitFor(Duration.ofSeconds(10)));
        assertFalse(nextHops(VIP).contains("198.18.40.3"));
    }

    // ---------------------------------------------------------------- the dispatchers

    private TrunklineProcess startDispatcher(int d) throws Exception {
        String name = "d" + d + "-" + ProcessHandle.current().pid();
        String address = "198.18.40." + (d + 1);
        Path config = dir.resolve(name + ".yaml");
        Files.writeString(config, """
                node: { id: %d, name: %s }
                dpdk: { memory: anonymous, memory_size: 256MiB }
                ports:
                  - name: data0
                    device: "net_af_xdp%d,iface=data0"
                    addresses: [%s/24, "2001:2:40::%d/64"]
                    exception_path: { interface: tl-data0, rate: 500, burst: 50 }
                workers: { lcores: [1], idle: backoff }
                session_table: { path: /dev/shm/trunkline-%s-sessions, capacity: 10000 }
                flow_cache: { entries_per_worker: 4096 }
                admin: { socket: %s, ssh: { enabled: false } }
                metrics: { listen: "127.0.0.1:9100" }
                routing:
                  bgp:
                    local_as: 64512
                    neighbours: [ { address: %s, as: 64500 } ]
                  bird: { binary: %s, socket: %s, config: %s, pid_file: %s }
                vips:
                  - { name: web, address: %s, port: 80, protocol: tcp, pool: web }
                pools:
                  - name: web
                    health: { type: tcp, interval: 500ms, timeout: 400ms }
                    backends: [ { name: web1, address: %s } ]
                """.formatted(d, name, d, address, d + 1, name, socket(d), ROUTER, BIRD, dir.resolve(name + "-bird.ctl"),
                dir.resolve(name + "-bird.conf"), dir.resolve(name + "-bird.pid"), VIP, BACKEND));
        TrunklineProcess process = TrunklineProcess.startIn(DISPATCHERS.get(d).name, "run", "--config", config.toString());
        daemons.add(process);
        daemons.add(() -> {
            Files.deleteIfExists(Path.of("/dev/shm/trunkline-" + name + "-sessions"));
            Files.deleteIfExists(Path.of("/dev/shm/trunkline-" + name + "-counters"));
        });
        process.awaitOutput("started node=" + name, PATIENCE);
        return process;
    }

    private static Path socket(int d) {
        return dir.resolve("d" + d + ".sock");
    }

    /** A connection from the router to a listener in the dispatcher's namespace on its own address: the exception path both ways. */
    private static String tcpToListenerInDispatcher(int d, String address) throws Exception {
        Process listener = new ProcessBuilder("ip", "netns", "exec", DISPATCHERS.get(d).name, "python3", "-c", """
                import socket
                s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(("%s", 7000)); s.listen(1); print("listening", flush=True)
                c, _ = s.accept(); c.sendall(b"hello over the exception path"); c.close()
                """.formatted(address)).redirectErrorStream(true).start();
        try (InputStream out = listener.getInputStream()) {
            String ready = new String(out.readNBytes("listening".length()), StandardCharsets.UTF_8);
            assertEquals("listening", ready);
            return router.exec("python3", "-c", """
                    import socket
                    c = socket.create_connection(("%s", 7000), timeout=5)
                    print(c.recv(100).decode(), end="")
                    """.formatted(address));
        } finally {
            stop(listener);
        }
    }

    // ---------------------------------------------------------------- the router

    /** BGP multipath into the kernel and BFD 100 ms x 3 on each session, as docs/routing.md tells a router operator. */
    private static void startRouter() throws Exception {
        Path conf = Files.writeString(dir.resolve("router.conf"), """
                router id %s;
                protocol device { }
                protocol bfd { interface "*" { min rx interval 100 ms; min tx interval 100 ms; multiplier 3; }; }
                protocol kernel { ipv4 { import none; export all; }; merge paths on; }
                template bgp dispatcher {
                  local as 64500;
                  direct;
                  bfd on;
                  hold time 9;
                  keepalive time 3;
                  error wait time 1, 5;
                  ipv4 { import where net ~ [ 198.19.0.0/16{32,32} ]; export none; };
                }
                protocol bgp d1 from dispatcher { neighbor 198.18.40.2 as 64512; }
                protocol bgp d2 from dispatcher { neighbor 198.18.40.3 as 64512; }
                """.formatted(ROUTER));
        Path socket = dir.resolve("router.ctl");
        Process bird = new ProcessBuilder("ip", "netns", "exec", router.name, BIRD.toString(), "-c", conf.toString(),
                "-s", socket.toString(), "-P", dir.resolve("router.pid").toString(), "-f")
                .redirectErrorStream(true).redirectOutput(dir.resolve("router.log").toFile()).start();
        track(() -> stop(bird));
        routerBird = new BirdControl(socket, Duration.ofSeconds(2));
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!routerBird.answers()) {
            assertTrue(System.nanoTime() < deadline, "router BIRD did not answer");
            Thread.sleep(20);
        }
    }

    /** The router BIRD's BFD state towards {@code address}, "" while it has no session. */
    private static String birdBfdState(String address) {
        try {
            for (BirdReply.Line line : routerBird.command("show bfd sessions").lines()) {
                String[] columns = line.text().trim().split("\\s+");
                if (columns.length > 2 && columns[0].endsWith(address)) {
                    return columns[2];
                }
            }
            return "";
        } catch (BirdException e) {
            return "";
        }
    }

    /** The next hops of the router's kernel route to {@code vip}. */
    private static Set<String> nextHops(String vip) {
        try {
            String route = router.ip("-4", "route", "show", vip);
            Set<String> hops = new TreeSet<>();
            Matcher via = VIA.matcher(route);
            while (via.find()) {
                hops.add(via.group(1));
            }
            return hops;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void assertResolvedByArp(Netns ns, String device, String address, String mac) throws IOException {
        String entry = ns.ip("neigh", "show", address, "dev", device);
        assertTrue(entry.contains("lladdr " + mac), ns.name + " resolved " + address + " by ARP: " + entry);
        assertFalse(entry.contains("PERMANENT"), entry);
    }

    private static String mac(Netns ns, String device) throws IOException {
        Matcher ether = Pattern.compile("link/ether (\\S+)").matcher(ns.ip("link", "show", device));
        assertTrue(ether.find());
        return ether.group(1);
    }

    private static void bridge(String routerEnd) throws IOException {
        router.ip("link", "set", routerEnd, "master", "br0");
        router.exec("ethtool", "-K", routerEnd, "tx", "off");
        router.ip("link", "set", routerEnd, "up");
    }

    /** Polls every 5 ms until {@code condition} holds; returns System.nanoTime() then. */
    private static long pollUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not reached in " + PATIENCE);
            Thread.sleep(5);
        }
        return System.nanoTime();
    }

    private static void await(TrunklineProcess process, BooleanSupplier condition, String what) throws Exception {
        try {
            process.await(what, PATIENCE, condition);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nrouter BIRD: " + routerBird.command("show protocols").summary() + "\n"
                    + routerBird.command("show bfd sessions").summary(), e);
        }
    }

    private static boolean onPath(String program) {
        for (String directory : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(directory, program))) {
                return true;
            }
        }
        return false;
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("cleanup: " + e);
            }
        }
    }

    private static <T extends AutoCloseable> T track(T resource) {
        NETWORK.add(resource);
        return resource;
    }
}
