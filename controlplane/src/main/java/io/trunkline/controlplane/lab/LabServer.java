package io.trunkline.controlplane.lab;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A lab backend's servers: HTTP that answers every GET with the backend's name (and {@code /health}
 * with {@code ok}, for the dispatchers' health checks), and a TCP echo server for long-lived
 * connections. Both listen on every address, so they answer for the VIPs on loopback (DSR) and for the
 * backend's own address. One virtual thread per connection.
 */
public final class LabServer implements AutoCloseable {
    private final String name;
    private final HttpServer http;
    private final ServerSocket echo;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong echoConnections = new AtomicLong();

    private LabServer(String name, int httpPort, int echoPort) throws IOException {
        this.name = name;
        this.http = HttpServer.create(new InetSocketAddress(httpPort), 1024);
        this.echo = new ServerSocket(echoPort, 2048);
    }

    /** Starts both servers; they run until {@link #close}. */
    public static LabServer start(String name, int httpPort, int echoPort) throws IOException {
        LabServer server = new LabServer(name, httpPort, echoPort);
        server.http.createContext("/", server::answer);
        server.http.setExecutor(server.threads);
        server.http.start();
        server.threads.execute(server::acceptEcho);
        return server;
    }

    public int httpPort() {
        return http.getAddress().getPort();
    }

    public int echoPort() {
        return echo.getLocalPort();
    }

    public long requests() {
        return requests.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            boolean health = exchange.getRequestURI().getPath().equals("/health");
            byte[] body = ((health ? "ok" : name) + "\n").getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            if (!health) {
                requests.incrementAndGet();
            }
        }
    }

    private void acceptEcho() {
        while (!echo.isClosed()) {
            try {
                Socket connection = echo.accept();
                echoConnections.incrementAndGet();
                threads.execute(() -> echo(connection));
            } catch (IOException e) {
                if (!echo.isClosed()) {
                    System.err.println("echo accept: " + e.getMessage());
                }
            }
        }
    }

    /** Sends back every byte received until the client closes. */
    private static void echo(Socket connection) {
        try (connection; InputStream in = connection.getInputStream(); OutputStream out = connection.getOutputStream()) {
            connection.setTcpNoDelay(true);
            in.transferTo(out);
        } catch (IOException e) {
            // The client went away: nothing to answer any more.
        }
    }

    public long echoConnections() {
        return echoConnections.get();
    }

    @Override
    public void close() throws IOException {
        http.stop(0);
        echo.close();
        threads.shutdownNow();
    }
}
