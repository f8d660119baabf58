package io.trunkline.controlplane.daemon;

import io.trunkline.fastpath.counters.CountersFile;
import io.trunkline.fastpath.counters.CountersReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One test dispatcher's configuration and files: a node name unique to this JVM, its session table and
 * counters in /dev/shm (removed by {@link #deleteFiles}), a free metrics port, one VIP 198.19.0.1:80/udp
 * in DSR over four backends with MACs 02:00:00:00:10:0N.
 */
final class TestDispatcher {
    final int id;
    final String node;
    final Path sessions;
    final Path directory;
    final int metricsPort;
    String device = "net_null0";
    String replication = "";
    int firstBackendWeight = 100;
    int firstBackendMaxConnections = 0;
    String lcores = "[1]";
    String ssh = "{ enabled: false }";

    TestDispatcher(int id, Path directory) throws IOException {
        this.id = id;
        this.node = "dtest-" + ProcessHandle.current().pid() + "-" + id;
        this.sessions = Path.of("/dev/shm", "trunkline-" + node + "-sessions");
        this.directory = directory;
        this.metricsPort = freePort();
    }

    static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return free.getLocalPort();
        }
    }

    /** Writes the configuration file and returns it. */
    Path writeConfig() throws IOException {
        Path file = directory.resolve(node + ".yaml");
        Files.writeString(file, yaml());
        return file;
    }

    String yaml() {
        StringBuilder backends = new StringBuilder();
        for (int b = 1; b <= 4; b++) {
            backends.append("      - { name: web").append(b).append(", address: 198.18.3.1").append(b)
                    .append(", weight: ").append(b == 1 ? firstBackendWeight : 100)
                    .append(", max_connections: ").append(b == 1 ? firstBackendMaxConnections : 0)
                    .append(", mac: \"02:00:00:00:10:0").append(b).append("\" }\n");
        }
        return """
                node: { id: %d, name: %s }
                dpdk: { memory: anonymous, memory_size: 256MiB }
                ports:
                  - { name: data0, device: "%s", addresses: [198.18.3.%d/24] }
                workers: { lcores: %s, idle: backoff }
                session_table: { path: %s, capacity: 100000 }
                flow_cache: { entries_per_worker: 65536 }
                admin: { socket: %s, ssh: %s }
                metrics: { listen: "127.0.0.1:%d" }
                %s
                vips:
                  - { name: web, address: 198.19.0.1, port: 80, protocol: udp, pool: web }
                pools:
                  - name: web
                    health: { type: none }
                    backends:
                %s""".formatted(id, node, device, id + 1, lcores, sessions, directory.resolve(node + ".sock"), ssh, metricsPort,
                replication, backends);
    }

    /** A fast-path counter summed over workers, or -1 while the counters file is not there. */
    long counter(String label) {
        Path counters = CountersFile.defaultPath(node);
        if (!Files.exists(counters)) {
            return -1;
        }
        try (CountersReader reader = CountersReader.open(counters)) {
            return reader.total(reader.find(label));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    String scrape() throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    void deleteFiles() throws IOException {
        Files.deleteIfExists(sessions);
        Files.deleteIfExists(CountersFile.defaultPath(node));
    }
}
