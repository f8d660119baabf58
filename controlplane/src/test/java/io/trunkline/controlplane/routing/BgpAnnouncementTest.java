package io.trunkline.controlplane.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.trunkline.controlplane.config.ConfigLoader;
import io.trunkline.controlplane.config.TrunklineConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two dispatchers announce a VIP over BGP to a router running BIRD 2 with multipath into its kernel;
 * the test reads the router's kernel routing table. Each dispatcher's BIRD runs in its own
 * namespace on a veth carrying the dispatcher's address, as it will on the fast path's exception
 * port. Root only (namespaces), BIRD 2 needed.
 *
 * <pre>
 *   d1 eth0 198.18.0.2/30 2001:2::2/64 ───── r-d1 198.18.0.1/30 2001:2::1/64 ┐ router AS 64500
 *   d2 eth0 198.18.0.6/30 2001:2:0:1::2/64 ─ r-d2 198.18.0.5/30 2001:2:0:1::1/64 ┘
 *   VIPs 198.19.0.1, 2001:2:0:ff::1; dispatchers AS 64512; d1's session has a TCP MD5 password
 * </pre>
 */
class BgpAnnouncementTest {
    private static final Path BIRD = Path.of("/usr/sbin/bird");
    private static final String VIP4 = "198.19.0.1";
    private static final String VIP6 = "2001:2:0:ff::1";
    private static final String D1 = "198.18.0.2";
    private static final String D2 = "198.18.0.6";
    private static final Duration PATIENCE = Duration.ofSeconds(40);
    private static final List<String> LOG = Collections.synchronizedList(new ArrayList<>());

    @TempDir
    static Path dir;
    private static final List<AutoCloseable> CLEANUP = new ArrayList<>();
    private static Netns router;
    private static Netns d1;
    private static Netns d2;

    @BeforeAll
    static void network() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: creates network namespaces");
        assumeTrue(Files.isExecutable(BIRD), "BIRD 2 is not installed (scripts/bootstrap installs bird2)");
        String tag = Long.toString(ProcessHandle.current().pid() % 100000);
        router = track(Netns.create("tl-bgp-r-" + tag));
        d1 = track(Netns.create("tl-bgp-d1-" + tag));
        d2 = track(Netns.create("tl-bgp-d2-" + tag));
        link(d1, "r-d1", "198.18.0.1/30", "2001:2::1/64", "198.18.0.2/30", "2001:2::2/64");
        link(d2, "r-d2", "198.18.0.5/30", "2001:2:0:1::1/64", "198.18.0.6/30", "2001:2:0:1::2/64");
        Files.writeString(dir.resolve("d1.password"), "trunkline-lab\n");
        startRouter();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        Collections.reverse(CLEANUP);
        for (AutoCloseable resource : CLEANUP) {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("cleanup: " + e.getMessage());
            }
        }
    }

    @Test
    void routerSpreadsTheVipOverTheReadyDispatchersOnly() throws Exception {
        Announcer a = track(announcer(d1, 1, D1, "198.18.0.1", "2001:2::2/64"));
        Announcer b = track(announcer(d2, 2, D2, "198.18.0.5", "2001:2:0:1::2/64"));
        List<Announcer> both = List.of(a, b);

        await(both, () -> routerSessionsUp(), "router sessions established");
        assertEquals(Set.of(), nextHops(VIP4), "nothing announced before the dispatchers are ready");

        a.ready(true);
        b.ready(true);
        await(both, () -> nextHops(VIP4).equals(Set.of(D1, D2)), "ECMP route through both dispatchers");
        await(both, () -> nextHops(VIP6).equals(Set.of("2001:2::2", "2001:2:0:1::2")), "IPv6 ECMP route through both");
        await(both, () -> a.sessions().size() == 1 && a.sessions().getFirst().established()
                && a.sessions().getFirst().routesExported() == 2, "d1 reports its session and two exported routes");

        a.drain(true);
        await(both, () -> nextHops(VIP4).equals(Set.of(D2)), "drained d1 withdrawn, d2 remains");

        b.close();
        await(List.of(a), () -> nextHops(VIP4).isEmpty(), "route gone when the last dispatcher stops");
        assertTrue(LOG.stream().noneMatch(l -> l.contains("withdrawing before stop failed")), String.join("\n", LOG));

        Announcer b2 = track(announcer(d2, 2, D2, "198.18.0.5", "2001:2:0:1::2/64"));
        b2.ready(true);
        a.drain(false);
        List<Announcer> again = List.of(a, b2);
        await(again, () -> nextHops(VIP4).equals(Set.of(D1, D2)), "both back after d2's restart and d1's drain ended");

        ProcessHandle.of(Long.parseLong(Files.readString(dir.resolve("d1-bird.pid")).strip()))
                .orElseThrow().destroyForcibly();
        await(again, () -> a.birdRestarts() == 1 && a.sessions().size() == 1 && a.sessions().getFirst().established()
                        && a.sessions().getFirst().routesExported() == 2 && nextHops(VIP4).equals(Set.of(D1, D2)),
                "d1's BIRD killed, started again by its supervisor, its session established and exporting again");
    }

    // ---------------------------------------------------------------- the lab

    private static Announcer announcer(Netns ns, int id, String address, String routerAddress, String v6) throws Exception {
        String name = ns == d1 ? "d1" : "d2";
        Path wrapper = dir.resolve(name + "-bird");
        Files.writeString(wrapper, "#!/bin/sh\nexec ip netns exec " + ns.name + " " + BIRD + " \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        String password = ns == d1 ? ", password_file: " + dir.resolve("d1.password") : "";
        TrunklineConfig config = ConfigLoader.parse(name + ".yaml", """
                node: { id: %d, name: %s }
                ports:
                  - { name: data0, device: net_null0, addresses: [%s/30, "%s"] }
                routing:
                  bgp:
                    local_as: 64512
                    neighbours: [ { address: %s, as: 64500%s } ]
                  bird: { binary: %s, socket: %s, config: %s, pid_file: %s }
                vips:
                  - { name: web, address: %s, port: 80, pool: web }
                  - { name: web6, address: "%s", port: 80, pool: web }
                pools:
                  - name: web
                    backends: [ { name: web1, address: 198.18.9.10, mac: "02:00:00:00:00:01" } ]
                """.formatted(id, name, address, v6, routerAddress, password, wrapper, dir.resolve(name + "-bird.ctl"),
                dir.resolve(name + "-bird.conf"), dir.resolve(name + "-bird.pid"), VIP4, VIP6));
        Announcer announcer = new Announcer(config, line -> LOG.add(name + " " + line), SystemNanoClock.INSTANCE);
        announcer.start();
        return announcer;
    }

    private static void link(Netns dispatcher, String routerEnd, String routerV4, String routerV6, String v4, String v6)
            throws IOException {
        Netns.check("ip", "link", "add", routerEnd, "netns", router.name, "type", "veth", "peer", "name", "eth0",
                "netns", dispatcher.name);
        router.ip("addr", "add", routerV4, "dev", routerEnd);
        router.ip("addr", "add", routerV6, "dev", routerEnd, "nodad");
        dispatcher.ip("addr", "add", v4, "dev", "eth0");
        dispatcher.ip("addr", "add", v6, "dev", "eth0", "nodad");
        router.ip("link", "set", routerEnd, "up");
        dispatcher.ip("link", "set", "eth0", "up");
    }

    /** The router: BGP multipath into its kernel, as docs/routing.md tells a router operator (without BFD: no fast path here). */
    private static void startRouter() throws Exception {
        Path conf = Files.writeString(dir.resolve("router.conf"), """
                router id 198.18.0.1;
                protocol device { }
                protocol kernel { ipv4 { import none; export all; }; merge paths on; }
                protocol kernel { ipv6 { import none; export all; }; merge paths on; }
                template bgp dispatcher {
                  local as 64500;
                  direct;
                  hold time 9;
                  keepalive time 3;
                  error wait time 1, 5;
                  ipv4 { import all; export none; };
                  ipv6 { import all; export none; };
                }
                protocol bgp d1 from dispatcher { neighbor 198.18.0.2 as 64512; password "trunkline-lab"; }
                protocol bgp d2 from dispatcher { neighbor 198.18.0.6 as 64512; }
                """);
        Path socket = dir.resolve("router.ctl");
        Process bird = new ProcessBuilder("ip", "netns", "exec", router.name, BIRD.toString(), "-c", conf.toString(),
                "-s", socket.toString(), "-P", dir.resolve("router.pid").toString(), "-f").inheritIO().start();
        track(() -> {
            bird.destroy();
            if (!bird.waitFor(5, TimeUnit.SECONDS)) {
                bird.destroyForcibly();
            }
        });
        BirdControl control = new BirdControl(socket, Duration.ofSeconds(2));
        await(List.of(), control::answers, "router BIRD answers");
        routerControl = control;
    }

    private static BirdControl routerControl;

    private static boolean routerSessionsUp() {
        try {
            List<BgpSession> sessions = routerControl.bgpSessions();
            return sessions.size() == 2 && sessions.stream().allMatch(BgpSession::established);
        } catch (BirdException e) {
            return false;
        }
    }

    private static final Pattern VIA = Pattern.compile("via (\\S+)");

    /** The next hops of the router's kernel route to {@code vip}. */
    private static Set<String> nextHops(String vip) {
        try {
            String route = router.ip(vip.contains(":") ? "-6" : "-4", "route", "show", vip);
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

    /** Steps the announcers' duty cycles until the condition holds; fails with the logs after {@link #PATIENCE}. */
    private static void await(List<Announcer> announcers, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            announcers.forEach(Announcer::doWork);
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not reached: " + what + "\n" + String.join("\n", LOG));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private static <T extends AutoCloseable> T track(T resource) {
        CLEANUP.add(resource);
        return resource;
    }
}
