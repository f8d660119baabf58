package io.trunkline.controlplane.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Prometheus endpoint: {@code GET /metrics} on the address the configuration gives
 * (text, OpenMetrics or protobuf by the scraper's Accept header), served by the JDK's HTTP
 * server on one daemon thread; scrapes are rare and cheap, and the thread must not compete
 * with the fast path for cores.
 */
public final class MetricsServer implements AutoCloseable {
    private final HTTPServer server;
    private final InetSocketAddress address;

    private MetricsServer(HTTPServer server, InetSocketAddress address) {
        this.server = server;
        this.address = address;
    }

    /**
     * Binds and starts serving.
     *
     * @param listen address and port to listen on; port 0 picks a free one (see {@link #port()})
     * @throws IOException when the address cannot be bound, e.g. the port is in use
     */
    public static MetricsServer start(MetricsRegistry registry, InetSocketAddress listen) throws IOException {
        ExecutorService executor = Executors.newSingleThreadExecutor(Thread.ofPlatform()
            .name("trunkline-metrics-http")
            .daemon(true)
            .factory());
        try {
            HTTPServer server = HTTPServer.builder()
                .inetAddress(listen.getAddress())
                .port(listen.getPort())
                .registry(registry.prometheus())
                .executorService(executor)
                .buildAndStart();
            return new MetricsServer(server, new InetSocketAddress(listen.getAddress(), server.getPort()));
        } catch (IOException | RuntimeException e) {
            executor.shutdown();
            throw new IOException("metrics: cannot listen on " + listen + ": " + e.getMessage(), e);
        }
    }

    /** The port bound, the one asked for or the one the kernel picked for port 0. */
    public int port() {
        return server.getPort();
    }

    /** The address bound. */
    public InetSocketAddress address() {
        return address;
    }

    /** Stops listening and ends the server's thread. */
    @Override
    public void close() {
        server.close();
    }
}
