package io.trunkline.controlplane.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.controlplane.testing.TrunklineProcess;
import io.trunkline.fastpath.counters.CountersFile;
import io.trunkline.fastpath.pcap.SyntheticTraffic;
import io.trunkline.fastpath.testing.Tshark;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trunkline run} as a real process on a DPDK net_pcap port: it forwards a replayed capture to
 * its backends (decoded by tshark), exposes its counters as metrics, reloads on SIGHUP, refuses an
 * invalid file at start and at reload, and stops cleanly on SIGTERM, leaving no EAL runtime directory.
 */
class DaemonTest {
    static final Duration START = Duration.ofSeconds(60);
    private static final int PACKETS = 2000;
    private static final int FLOWS = 200;
    private static final Set<String> BACKEND_MACS = Set.of("02:00:00:00:10:01", "02:00:00:00:10:02", "02:00:00:00:10:03",
            "02:00:00:00:10:04");

    @TempDir
    Path dir;
    private TestDispatcher dispatcher;

    @BeforeEach
    void dispatcher() throws Exception {
        dispatcher = new TestDispatcher(1, dir);
    }

    @AfterEach
    void cleanUp() throws Exception {
        dispatcher.deleteFiles();
    }

    @Test
    void forwardsReloadsAndStopsCleanly() throws Exception {
        Path in = dir.resolve("in.pcap");
        Path out0 = dir.resolve("out0.pcap");
        Path out1 = dir.resolve("out1.pcap");
        SyntheticTraffic.writeUdpCapture(in, PACKETS / 2, FLOWS, 64);
        // Two workers, one queue pair each: net_pcap makes a queue of each rx_pcap/tx_pcap pair.
        dispatcher.device = "net_pcap0,rx_pcap=" + in + ",rx_pcap=" + in + ",tx_pcap=" + out0 + ",tx_pcap=" + out1;
        dispatcher.lcores = "[0, 1]";
        Path config = dispatcher.writeConfig();

        try (TrunklineProcess daemon = TrunklineProcess.start("run", "--config", config.toString())) {
            daemon.awaitOutput("started node=" + dispatcher.node, START);
            daemon.await("every packet forwarded", START, () -> dispatcher.counter("tx_packets{port=0}") == PACKETS);

            String metrics = dispatcher.scrape();
            assertTrue(metrics.contains("trunkline_tx_packets_total{port=\"data0\"} " + PACKETS + ".0"), metrics);
            assertTrue(metrics.contains("trunkline_vip_packets_total{vip=\"web\"} " + PACKETS + ".0"), metrics);
            assertTrue(metrics.contains("trunkline_backend_packets_total{backend=\"web/web1\"}"), metrics);
            assertTrue(metrics.contains("trunkline_sessions " + FLOWS + ".0"), metrics);
            assertTrue(metrics.contains("trunkline_ready 1.0"), metrics);
            assertTrue(metrics.contains("trunkline_worker_busy_cycles_total{worker=\"1\"}"), metrics);

            operatorCommandsWork();

            dispatcher.firstBackendWeight = 50;
            dispatcher.writeConfig();
            daemon.signal("HUP");
            daemon.awaitOutput("SIGHUP: reloaded", START);
            dispatcher.firstBackendWeight = 70000;
            dispatcher.writeConfig();
            daemon.signal("HUP");
            daemon.awaitOutput("refused, running configuration kept", START);

            daemon.signal("TERM");
            daemon.waitFor(START);
            assertTrue(daemon.output().contains("stopped node=" + dispatcher.node), daemon.output());
        }
        assertFalse(Files.exists(Path.of("/var/run/dpdk", "trunkline-" + dispatcher.node)), "EAL runtime directory removed");

        List<String[]> frames = new ArrayList<>(Tshark.fields(out0, "eth.dst", "udp.srcport", "ip.dst"));
        assertEquals(PACKETS / 2, frames.size(), "worker 0's queue");
        frames.addAll(Tshark.fields(out1, "eth.dst", "udp.srcport", "ip.dst"));
        assertEquals(PACKETS, frames.size(), "both workers' queues");
        Map<String, String> backendOfFlow = new HashMap<>();
        Set<String> used = new HashSet<>();
        for (String[] f : frames) {
            assertTrue(BACKEND_MACS.contains(f[0]), "a backend's MAC: " + f[0]);
            assertEquals("198.19.0.1", f[2], "DSR keeps the VIP as destination");
            String earlier = backendOfFlow.putIfAbsent(f[1], f[0]);
            assertTrue(earlier == null || earlier.equals(f[0]), "flow " + f[1] + " stays on one backend");
            used.add(f[0]);
        }
        assertEquals(FLOWS, backendOfFlow.size());
        assertEquals(BACKEND_MACS, used, "every backend gets flows");
    }

    @Test
    void capturesWhatTheFastPathReceives() throws Exception {
        Path in = dir.resolve("in.pcap");
        SyntheticTraffic.writeUdpCapture(in, 100, 100, 64);
        dispatcher.device = "net_pcap0,rx_pcap=" + in + ",infinite_rx=1";
        Path config = dispatcher.writeConfig();
        Path captured = dir.resolve("captured.pcap");
        String socket = dispatcher.directory.resolve(dispatcher.node + ".sock").toString();
        try (TrunklineProcess daemon = TrunklineProcess.start("run", "--config", config.toString())) {
            daemon.awaitOutput("started node=" + dispatcher.node, START);
            assertContains(cli(0, "capture", "--port", "data0", "--count", "50", "--file", captured.toString(), "--socket", socket), "50");
            String unknown = cli(1, "capture", "--port", "nosuch", "--file", captured.toString(), "--socket", socket);
            assertContains(unknown, "unknown port nosuch");
        }
        List<String[]> frames = Tshark.fields(captured, "ip.dst", "udp.dstport");
        assertEquals(50, frames.size());
        frames.forEach(f -> assertEquals("198.19.0.1|80", f[0] + "|" + f[1], "what the client sent, before any rewrite"));
    }

    /** The CLI against the running daemon, each command a process of its own as an operator runs it. */
    private void operatorCommandsWork() throws Exception {
        String socket = dispatcher.directory.resolve(dispatcher.node + ".sock").toString();
        assertContains(cli(0, "status", "--socket", socket), dispatcher.node);
        assertContains(cli(0, "status", "--json", "--socket", socket), "\"readiness\":\"READY\"");
        assertContains(cli(0, "vip", "list", "--socket", socket), "198.19.0.1");
        assertContains(cli(0, "sessions", "count", "--vip", "web", "--socket", socket), Integer.toString(FLOWS));
        assertContains(cli(0, "backend", "drain", "web", "web2", "--socket", socket), "drain");
        assertContains(cli(0, "backend", "list", "--socket", socket), "drain");
        assertContains(cli(0, "stats", "--socket", socket), "tx_packets");
        assertContains(cli(0, "health", "--socket", socket), "web4");
        assertContains(cli(0, "peers", "--socket", socket), "READY");
        assertContains(cli(0, "config", "show", "--socket", socket), "name: web2");
        String unknown = cli(1, "backend", "drain", "web", "nosuch", "--socket", socket);
        assertTrue(unknown.startsWith("trunkline: ") && unknown.strip().lines().count() == 1, unknown);
        assertContains(cli(0, "backend", "enable", "web", "web2", "--socket", socket), "enabled");
        String json = shell(socket, "status --json", "vip list --json", "backend list --json", "sessions list --vip web --limit 3 --json",
                "sessions count --backend web1 --json", "peers --json", "stats --json", "health --json", "neighbours --json",
                "config show --json");
        assertContains(json, "\"node\":\"" + dispatcher.node + "\"");
        assertContains(json, "\"backend\":\"web4\"");
        assertContains(json, "\"vip\":\"web\"");
        assertContains(json, "\"name\":\"tx_packets{port=0}\"");
        String changes = shell(socket, "vip add api 198.19.0.9 53 --pool web --protocol udp", "vip list", "vip del api",
                "backend add web web5 198.18.3.15 --id 9 --mac 02:00:00:00:10:05", "backend weight web web5 50",
                "backend disable web web5", "backend list --pool web", "backend del web web5", "sessions list --vip web --limit 2",
                "neighbours", "config save", "config reload", "sessions flush --vip web", "sessions count --vip web");
        assertContains(changes, "+ vip api 198.19.0.9:53/udp");
        assertContains(changes, "- vip api");
        assertContains(changes, "+ backend web/web5");
        assertContains(changes, "weight 100 -> 50");
        assertContains(changes, "state enabled -> disabled");
        assertContains(changes, "- backend web/web5");
        assertTrue(Files.readString(dispatcher.directory.resolve(dispatcher.node + ".yaml")).contains("id: 4"), "config save wrote the ids");
        assertTrue(changes.strip().endsWith("0"), "flushed: " + changes);
    }

    /** Commands run one after the other in {@code trunkline shell} (one process), each line's output in turn. */
    private static String shell(String socket, String... commands) throws Exception {
        String script = String.join("\n", Arrays.stream(commands).map(c -> c + " --socket " + socket).toList()) + "\n";
        try (TrunklineProcess shell = TrunklineProcess.startWithInput(script, "shell")) {
            int exit = shell.waitFor(START);
            assertEquals(0, exit, script + shell.output());
            return shell.output();
        }
    }

    private static void assertContains(String output, String expected) {
        assertTrue(output.replace(" ", "").contains(expected.replace(" ", "")), "\"" + expected + "\" in:\n" + output);
    }

    private static String cli(int expectedExit, String... args) throws Exception {
        try (TrunklineProcess command = TrunklineProcess.start(args)) {
            int exit = command.waitFor(START);
            assertEquals(expectedExit, exit, String.join(" ", args) + ":\n" + command.output());
            return command.output();
        }
    }

    @Test
    void theCountersFileGoesWithTheDaemon() throws Exception {
        Path counters = CountersFile.defaultPath(dispatcher.node);
        try (TrunklineProcess daemon = TrunklineProcess.start("run", "--config", dispatcher.writeConfig().toString())) {
            daemon.awaitOutput("started node=" + dispatcher.node, START);
            assertTrue(Files.exists(counters), counters + " while it runs");
            daemon.signal("TERM");
            daemon.waitFor(START);
            assertTrue(daemon.output().contains("stopped node=" + dispatcher.node), daemon.output());
        }
        assertFalse(Files.exists(counters), counters + " after a stop");

        try (ServerSocket metricsPortTaken = new ServerSocket(dispatcher.metricsPort, 1, InetAddress.getLoopbackAddress())) {
            try (TrunklineProcess daemon = TrunklineProcess.start("run", "--config", dispatcher.writeConfig().toString())) {
                assertEquals(1, daemon.waitFor(START), daemon.output());
                assertTrue(daemon.output().contains(Integer.toString(metricsPortTaken.getLocalPort())), "the metrics port refused: "
                        + daemon.output());
                assertTrue(daemon.output().contains("stopping node=" + dispatcher.node), "the start got past the counters: "
                        + daemon.output());
            }
        }
        assertFalse(Files.exists(counters), counters + " after a failed start");
    }

    @Test
    void warnsAtStartThatMaxConnectionsIsNotEnforced() throws Exception {
        dispatcher.firstBackendMaxConnections = 500;
        Path config = dispatcher.writeConfig();
        try (TrunklineProcess daemon = TrunklineProcess.start("run", "--config", config.toString())) {
            daemon.awaitOutput("started node=" + dispatcher.node, START);
            assertTrue(daemon.output().contains("WARN trunkline.daemon - " + config + ":"), daemon.output());
            assertTrue(daemon.output().contains("pools[0].backends[0].max_connections: warning: not enforced yet"), daemon.output());
        }
    }

    @Test
    void sshDoesNotListenWithoutAnOperatorKey() throws Exception {
        int sshPort = TestDispatcher.freePort();
        Path authorizedKeys = dir.resolve("authorized_keys");
        dispatcher.ssh = "{ enabled: true, listen: \"127.0.0.1:%d\", authorized_keys: %s, host_key: %s }"
                .formatted(sshPort, authorizedKeys, dir.resolve("host_key"));
        try (TrunklineProcess daemon = TrunklineProcess.start("run", "--config", dispatcher.writeConfig().toString())) {
            daemon.awaitOutput("started node=" + dispatcher.node, START);
            assertTrue(daemon.output().contains("ssh: not listening on 127.0.0.1:" + sshPort + ": no operator key: "
                    + authorizedKeys + " does not exist; add an operator's public key there and restart the daemon"), daemon.output());
            assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), sshPort).close());
        }
    }

    @Test
    void refusesAnInvalidFileWithItsPosition() throws Exception {
        dispatcher.firstBackendWeight = 70000;
        Path config = dispatcher.writeConfig();
        try (TrunklineProcess daemon = TrunklineProcess.start("run", "--config", config.toString())) {
            assertEquals(1, daemon.waitFor(START));
            assertTrue(daemon.output().contains(config + ":"), daemon.output());
            assertTrue(daemon.output().contains("weight: must be 0..65535, got 70000"), daemon.output());
            assertFalse(daemon.output().contains("\tat "), "no stack trace: " + daemon.output());
        }
    }
}
