package io.trunkline.controlplane.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.controlplane.testing.TrunklineProcess;
import io.trunkline.fastpath.counters.CountersFile;
import io.trunkline.fastpath.counters.CountersReader;
import io.trunkline.fastpath.pcap.SyntheticTraffic;
import io.trunkline.fastpath.testing.Tshark;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * its backends (decoded by tshark), reloads on SIGHUP, refuses an invalid file at start and at
 * reload, and stops cleanly on SIGTERM, leaving no EAL runtime directory behind.
 */
class DaemonTest {
    private static final Duration START = Duration.ofSeconds(60);
    private static final int PACKETS = 2000;
    private static final int FLOWS = 200;
    private static final Set<String> BACKEND_MACS = Set.of("02:00:00:00:10:01", "02:00:00:00:10:02", "02:00:00:00:10:03",
            "02:00:00:00:10:04");

    @TempDir
    Path dir;
    private String node;
    private int metricsPort;
    private Path sessions;

    @BeforeEach
    void names() throws IOException {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            metricsPort = free.getLocalPort();
        }
        node = "dtest-" + ProcessHandle.current().pid();
        sessions = Path.of("/dev/shm", "trunkline-" + node + "-sessions");
    }

    @AfterEach
    void cleanUp() throws IOException {
        Files.deleteIfExists(sessions);
        Files.deleteIfExists(CountersFile.defaultPath(node));
    }

    @Test
    void forwardsReloadsAndStopsCleanly() throws Exception {
        Path in = dir.resolve("in.pcap");
        Path out = dir.resolve("out.pcap");
        SyntheticTraffic.writeUdpCapture(in, PACKETS, FLOWS, 64);
        Path config = dir.resolve("trunkline.yaml");
        Files.writeString(config, config("net_pcap0,rx_pcap=" + in + ",tx_pcap=" + out, 100));

        try (TrunklineProcess daemon = TrunklineProcess.start("run", "--config", config.toString())) {
            daemon.awaitOutput("started node=" + node, START);
            daemon.await("every packet forwarded", START, () -> transmitted() == PACKETS);

            String metrics = scrape();
            assertTrue(metrics.contains("trunkline_tx_packets_total{port=\"data0\"} " + PACKETS + ".0"), metrics);
            assertTrue(metrics.contains("trunkline_vip_packets_total{vip=\"web\"} " + PACKETS + ".0"), metrics);
            assertTrue(metrics.contains("trunkline_backend_packets_total{backend=\"web/web1\"}"), metrics);
            assertTrue(metrics.contains("trunkline_sessions " + FLOWS + ".0"), metrics);
            assertTrue(metrics.contains("trunkline_ready 1.0"), metrics);

            Files.writeString(config, config("net_pcap0,rx_pcap=" + in + ",tx_pcap=" + out, 50));
            daemon.signal("HUP");
            daemon.awaitOutput("SIGHUP: reloaded", START);
            Files.writeString(config, config("net_pcap0,rx_pcap=" + in + ",tx_pcap=" + out, 70000));
            daemon.signal("HUP");
            daemon.awaitOutput("refused, running configuration kept", START);

            daemon.signal("TERM");
            daemon.waitFor(START);
            assertTrue(daemon.output().contains("stopped node=" + node), daemon.output());
        }
        assertFalse(Files.exists(Path.of("/var/run/dpdk", "trunkline-" + node)), "EAL runtime directory removed");

        List<String[]> frames = Tshark.fields(out, "eth.dst", "udp.srcport", "ip.dst", "ip.checksum.status");
        assertEquals(PACKETS, frames.size());
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
    void refusesAnInvalidFileWithItsPosition() throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, config("net_null0", 70000));
        try (TrunklineProcess daemon = TrunklineProcess.start("run", "--config", config.toString())) {
            assertEquals(1, daemon.waitFor(START));
            assertTrue(daemon.output().contains(config + ":"), daemon.output());
            assertTrue(daemon.output().contains("weight: must be 0..65535, got 70000"), daemon.output());
            assertFalse(daemon.output().contains("\tat "), "no stack trace: " + daemon.output());
        }
    }

    private String scrape() throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    private long transmitted() {
        Path counters = CountersFile.defaultPath(node);
        if (!Files.exists(counters)) {
            return -1;
        }
        try (CountersReader reader = CountersReader.open(counters)) {
            return reader.total(reader.find("tx_packets{port=0}"));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private String config(String device, int weight) {
        StringBuilder backends = new StringBuilder();
        for (int b = 1; b <= 4; b++) {
            backends.append("      - { name: web").append(b).append(", address: 198.18.3.1").append(b)
                    .append(", weight: ").append(b == 1 ? weight : 100).append(", mac: \"02:00:00:00:10:0").append(b).append("\" }\n");
        }
        return """
                node: { id: 1, name: %s }
                dpdk: { memory: anonymous, memory_size: 256MiB }
                ports:
                  - { name: data0, device: "%s", addresses: [198.18.3.2/24] }
                workers: { lcores: [1], idle: backoff }
                session_table: { path: %s, capacity: 100000 }
                flow_cache: { entries_per_worker: 65536 }
                admin: { socket: %s, ssh: { enabled: false } }
                metrics: { listen: "127.0.0.1:%d" }
                vips:
                  - { name: web, address: 198.19.0.1, port: 80, protocol: udp, pool: web }
                pools:
                  - name: web
                    health: { type: none }
                    backends:
                %s""".formatted(node, device, sessions, dir.resolve("admin.sock"), metricsPort, backends);
    }
}
