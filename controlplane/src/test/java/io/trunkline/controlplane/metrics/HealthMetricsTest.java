package io.trunkline.controlplane.metrics;

import static io.trunkline.controlplane.metrics.Exposition.series;
import static io.trunkline.controlplane.metrics.MetricsServerTest.loopback;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.trunkline.controlplane.health.BackendKey;
import io.trunkline.controlplane.health.HealthCheckSpec;
import io.trunkline.controlplane.health.HealthChecker;
import io.trunkline.controlplane.health.HealthState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The health checker's state, scraped from a running endpoint while a real checker runs checks. */
class HealthMetricsTest {
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final BackendKey DEAD = new BackendKey("web", "dead");
    private static final BackendKey STATIC = new BackendKey("web", "static");

    private final CachedNanoClock clock = new CachedNanoClock();
    private final HttpClient http = HttpClient.newHttpClient();
    private HealthChecker checker;
    private MetricsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (checker != null) {
            checker.onClose();
        }
        http.close();
    }

    @Test
    void backendUpAndCheckCountsFollowTheChecker() throws Exception {
        int closedPort;
        try (ServerSocketChannel closed = ServerSocketChannel.open().bind(loopback(0))) {
            closedPort = closed.socket().getLocalPort();
        }
        checker = new HealthChecker(clock, (key, from, to, reason) -> { }, 4, 1);
        checker.addBackend(DEAD, loopback(closedPort),
            HealthCheckSpec.tcp().withTiming(INTERVAL, INTERVAL).withRiseFall(2, 1), HealthState.UP);
        checker.addBackend(STATIC, loopback(9), HealthCheckSpec.none(), HealthState.UP);
        checker.doWork();
        MetricsRegistry registry = new MetricsRegistry();
        HealthMetrics.register(registry, checker);
        server = MetricsServer.start(registry, loopback(0));

        Map<String, Double> before = scrape();
        assertEquals(1.0, before.get(series("trunkline_backend_up", "pool", "web", "backend", "dead")));
        assertEquals(1.0, before.get(series("trunkline_backend_up", "pool", "web", "backend", "static")));
        assertEquals(0.0, before.get(series("trunkline_health_checks_total", "pool", "web", "backend", "dead", "result", "failure")));
        assertFalse(before.containsKey(series("trunkline_health_check_latency_seconds", "pool", "web", "backend", "dead")));

        clock.advance(INTERVAL.toNanos());
        stepUntil(() -> checker.health(DEAD).checks() == 1);

        Map<String, Double> after = scrape();
        assertEquals(0.0, after.get(series("trunkline_backend_up", "pool", "web", "backend", "dead")));
        assertEquals(1.0, after.get(series("trunkline_backend_up", "pool", "web", "backend", "static")));
        assertEquals(1.0, after.get(series("trunkline_health_checks_total", "pool", "web", "backend", "dead", "result", "failure")));
        assertEquals(0.0, after.get(series("trunkline_health_checks_total", "pool", "web", "backend", "dead", "result", "success")));
        assertEquals(0.0, after.get(series("trunkline_health_probes_in_flight")));

        checker.removeBackend(DEAD);
        checker.doWork();
        assertFalse(scrape().containsKey(series("trunkline_backend_up", "pool", "web", "backend", "dead")));
    }

    private void stepUntil(BooleanSupplier done) throws Exception {
        long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.getAsBoolean()) {
            if (checker.doWork() == 0) {
                assertTrue(System.nanoTime() - giveUpAt < 0, "gave up waiting for the check");
                Thread.sleep(1);
            }
        }
    }

    private Map<String, Double> scrape() throws Exception {
        HttpResponse<String> response = http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            fail("scrape answered " + response.statusCode() + ": " + response.body());
        }
        return Exposition.parse(response.body());
    }
}
