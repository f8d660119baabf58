package io.trunkline.fastpath.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.trunkline.bindings.dpdk.Eal;
import io.trunkline.bindings.dpdk.EthDev;
import io.trunkline.bindings.dpdk.MbufPool;
import io.trunkline.fastpath.bfd.Bfd;
import io.trunkline.fastpath.bfd.BfdConfig;
import io.trunkline.fastpath.bfd.BfdPeer;
import io.trunkline.fastpath.counters.CounterLayout;
import io.trunkline.fastpath.fate.DropReasons;
import io.trunkline.fastpath.host.HostServices;
import io.trunkline.fastpath.host.NeighbourObserver;
import io.trunkline.fastpath.host.OwnAddresses;
import io.trunkline.fastpath.packet.IpAddresses;
import io.trunkline.fastpath.packet.MacAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BFD and ARP against BIRD 2's own BFD, never against a second copy of Trunkline: a dispatch worker on a
 * DPDK {@code net_af_xdp} port bound to one end of a veth, BIRD in a namespace on the other end with a
 * {@code protocol bfd} neighbour at our address, 100 ms x 3. The router's kernel resolves us by ARP (no
 * static neighbour entries); the session comes Up; a BFD packet with TTL 64 and a malformed one are
 * counted and ignored; {@code ready(false)} takes BIRD's session down by our AdminDown; stopping the
 * worker takes it down by detection timeout. Every wait polls BIRD and gives up after a generous bound:
 * only transitions are asserted, times are printed.
 */
class BfdBirdInteropTest {
    private static final String OWN = "198.18.77.1";
    private static final String ROUTER = "198.18.77.2";
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(20);

    private final long pid = ProcessHandle.current().pid();
    private final String namespace = "tl-bfd-" + pid;
    private final String ourEnd = "tlb" + pid;
    private final String routerEnd = "tlr" + pid;
    private final List<Runnable> cleanup = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void cleanUp() {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            try {
                cleanup.get(i).run();
            } catch (RuntimeException e) {
                System.err.println("cleanup: " + e.getMessage());
            }
        }
    }

    @Test
    void birdSeesOurBfdComeUpGoAdminDownAndDieWithTheWorker() throws Exception {
        assumeTrue(ProcessHandle.current().info().user().orElse("").equals("root"), "needs root: namespaces, veths, AF_XDP");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/bird")) && Files.isExecutable(Path.of("/usr/sbin/birdc")),
                "needs BIRD 2 (Debian bird2, installed by scripts/bootstrap)");
        createLink();
        Process bird = startBird();
        cleanup.add(() -> stop(bird));

        ForwardingTable table = ForwardingTable.builder().version(1)
                .ownAddresses(OwnAddresses.builder().ipv4(0, IpAddresses.parseIpv4(OWN)).build()).build();
        try (WorkerHarness harness = new WorkerHarness(dir, table);
             MbufPool pool = MbufPool.create("bfd-interop", 4095, 0, MbufPool.DEFAULT_DATA_ROOM, 0);
             Bfd bfd = Bfd.create("interop", BfdConfig.of(List.of(new BfdPeer(0, InetAddress.getByName(ROUTER)))), pool)) {
            String device = "net_af_xdp" + pid;
            Eal.probeDevice(device + ",iface=" + ourEnd);
            int port = EthDev.portByName(device);
            try {
                EthDev.configure(port, EthDev.PortConfig.queues(1), pool);
                EthDev.start(port);
                long mac = EthDev.macAddress(port);
                WorkerLoop loop = new WorkerLoop(new DispatchWorker(harness.resources(port, mac, new SystemNanoClock(),
                        SystemEpochClock.INSTANCE), new HostServices(bfd.owner(), NeighbourObserver.NONE)));
                loop.start();
                cleanup.add(loop::stop);

                assertEquals("Down", awaitBirdState(s -> !s.isEmpty()), "AdminDown until ready: BIRD's session is Down");
                bfd.ready(true);
                awaitBirdState("Up"::equals);
                String neighbour = run("ip", "-n", namespace, "neigh", "show", OWN);
                assertTrue(neighbour.contains("lladdr " + MacAddress.format(mac)), "BIRD's kernel resolved us by ARP: " + neighbour);
                assertFalse(neighbour.contains("PERMANENT"), neighbour);
                assertTrue(harness.counter(harness.layout.host(CounterLayout.ARP_REPLIES)) >= 1);

                sendFromRouter(64, "\\x20\\x40\\x03\\x18\\x0a\\x0b\\x0c\\x0d\\x00\\x00\\x00\\x00\\x00\\x0f\\x42\\x40\\x00\\x01\\x86\\xa0\\x00\\x00\\x00\\x00");
                sendFromRouter(255, "hello");
                awaitCounter(harness, harness.layout.drops(DropReasons.BFD_TTL));
                awaitCounter(harness, harness.layout.drops(DropReasons.BFD_MALFORMED));
                assertEquals("Up", birdState(), "ignored packets leave the session alone");

                bfd.ready(false);
                awaitBirdState("Down"::equals);
                assertTrue(bfd.adminDownAnnounced());
                bfd.ready(true);
                awaitBirdState("Up"::equals);

                long stopped = System.nanoTime();
                loop.stop();
                awaitBirdState("Down"::equals);
                System.out.printf("BIRD saw the stopped worker's session Down after %d ms (100 ms x 3)%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped));
                assertTrue(harness.counter(harness.layout.host(CounterLayout.BFD_SESSION_UP)) >= 2);
            } finally {
                EthDev.stop(port);
                EthDev.close(port);
                Eal.removeVirtualDevice(device);
            }
        }
    }

    /** Our end in this namespace with no address (the fast path owns it); BIRD's end in its own namespace. */
    private void createLink() throws IOException, InterruptedException {
        run("ip", "netns", "add", namespace);
        cleanup.add(() -> quietly("ip", "netns", "del", namespace));
        run("ip", "link", "add", ourEnd, "type", "veth", "peer", "name", routerEnd, "netns", namespace);
        cleanup.add(() -> quietly("ip", "link", "del", ourEnd));
        run("sysctl", "-q", "-w", "net.ipv6.conf." + ourEnd + ".disable_ipv6=1");
        run("ethtool", "-K", ourEnd, "tx", "off");
        run("ip", "link", "set", ourEnd, "up");
        run("ip", "-n", namespace, "link", "set", "lo", "up");
        run("ip", "-n", namespace, "addr", "add", ROUTER + "/24", "dev", routerEnd);
        run("ip", "netns", "exec", namespace, "ethtool", "-K", routerEnd, "tx", "off");
        run("ip", "-n", namespace, "link", "set", routerEnd, "up");
    }

    private Process startBird() throws IOException {
        Path config = dir.resolve("bird.conf");
        Files.writeString(config, """
                router id %s;
                protocol device { }
                protocol bfd {
                  interface "%s" { min rx interval 100 ms; min tx interval 100 ms; multiplier 3; };
                  neighbor %s dev "%s";
                }
                """.formatted(ROUTER, routerEnd, OWN, routerEnd));
        return new ProcessBuilder("ip", "netns", "exec", namespace, "/usr/sbin/bird", "-f", "-c", config.toString(),
                "-s", socket().toString(), "-P", dir.resolve("bird.pid").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("bird.log").toFile()).start();
    }

    private Path socket() {
        return dir.resolve("bird.ctl");
    }

    /** BIRD's state of its session to us (Up, Down, Init, AdminDown), or "" while it has none. */
    private String birdState() throws IOException, InterruptedException {
        Process birdc = new ProcessBuilder("/usr/sbin/birdc", "-s", socket().toString(), "show", "bfd", "sessions")
                .redirectErrorStream(true).start();
        String out = new String(birdc.getInputStream().readAllBytes());
        birdc.waitFor(10, TimeUnit.SECONDS);
        for (String line : out.split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length > 2 && columns[0].equals(OWN)) {
                return columns[2];
            }
        }
        return "";
    }

    private String awaitBirdState(Predicate<String> wanted) throws IOException, InterruptedException {
        long giveUp = System.nanoTime() + GIVE_UP_NANOS;
        String state = birdState();
        while (!wanted.test(state)) {
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("BIRD's BFD session to " + OWN + " stayed '" + state + "'; bird.log: "
                        + Files.readString(dir.resolve("bird.log")));
            }
            Thread.sleep(20);
            state = birdState();
        }
        return state;
    }

    private static void awaitCounter(WorkerHarness harness, int id) throws InterruptedException {
        long giveUp = System.nanoTime() + GIVE_UP_NANOS;
        while (harness.counter(id) == 0) {
            if (System.nanoTime() > giveUp) {
                throw new AssertionError(harness.layout.label(id) + " stayed 0");
            }
            Thread.sleep(10);
        }
    }

    /** One UDP datagram from the router's namespace to our BFD port, with the namespace's default TTL set first. */
    private void sendFromRouter(int ttl, String printfPayload) throws IOException, InterruptedException {
        run("ip", "netns", "exec", namespace, "sysctl", "-q", "-w", "net.ipv4.ip_default_ttl=" + ttl);
        run("ip", "netns", "exec", namespace, "bash", "-c", "printf '" + printfPayload + "' > /dev/udp/" + OWN + "/3784");
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out.strip());
        }
        return out;
    }

    private static void quietly(String... command) {
        try {
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                    .waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The worker's duty cycle on a thread of its own, registered with the EAL (it frees and allocates mbufs). */
    private static final class WorkerLoop {
        private final DispatchWorker worker;
        private final Thread thread;
        private volatile boolean running = true;

        WorkerLoop(DispatchWorker worker) {
            this.worker = worker;
            this.thread = new Thread(this::loop, "bfd-interop-worker");
        }

        void start() {
            thread.start();
        }

        private void loop() {
            Eal.registerThread();
            try {
                while (running) {
                    if (worker.doWork() == 0) {
                        Thread.onSpinWait();
                    }
                }
            } finally {
                worker.onClose();
                Eal.unregisterThread();
            }
        }

        void stop() {
            running = false;
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
