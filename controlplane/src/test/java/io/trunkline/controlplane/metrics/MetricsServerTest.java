package io.trunkline.controlplane.metrics;

import static io.trunkline.controlplane.metrics.Exposition.series;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The endpoint scraped over loopback as Prometheus would, its text parsed back into values. */
class MetricsServerTest {
    private final MetricsRegistry registry = new MetricsRegistry();
    private final HttpClient http = HttpClient.newHttpClient();
    private MetricsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        http.close();
    }

    @Test
    void valuesAreReadFromTheSuppliersAtEachScrape() throws Exception {
        AtomicLong rxPackets = new AtomicLong(10);
        AtomicLong sessions = new AtomicLong(3);
        registry.counter("trunkline_rx_packets_total", "Packets received", "port", "worker")
            .series(rxPackets::get, "0", "1");
        registry.gauge("trunkline_sessions", "Sessions in the table", "vip").series(sessions::get, "198.18.0.10:80");
        server = MetricsServer.start(registry, loopback(0));

        Map<String, Double> first = scrape();
        assertEquals(10.0, first.get(series("trunkline_rx_packets_total", "port", "0", "worker", "1")));
        assertEquals(3.0, first.get(series("trunkline_sessions", "vip", "198.18.0.10:80")));

        rxPackets.addAndGet(32);
        sessions.set(0);
        Map<String, Double> second = scrape();
        assertEquals(42.0, second.get(series("trunkline_rx_packets_total", "port", "0", "worker", "1")));
        assertEquals(0.0, second.get(series("trunkline_sessions", "vip", "198.18.0.10:80")));
    }

    @Test
    void samplersEmitTheSeriesThatExistAtScrapeTimeAndRegistrationsCanBeClosed() throws Exception {
        Map<String, Long> perPeer = new ConcurrentHashMap<>(Map.of("b", 5L));
        CounterFamily sent = registry.counter("trunkline_sync_records_sent", "Sync records sent", "peer");
        sent.sampler(sink -> perPeer.forEach((peer, count) -> sink.accept(count, peer)));
        GaugeFamily busy = registry.gauge("trunkline_worker_busy_ratio", "Share of polls that found work", "worker");
        CallbackFamily.Registration worker0 = busy.series(() -> 0.25, "0");
        server = MetricsServer.start(registry, loopback(0));

        assertEquals(5.0, scrape().get(series("trunkline_sync_records_sent_total", "peer", "b")));
        assertEquals(0.25, scrape().get(series("trunkline_worker_busy_ratio", "worker", "0")));

        perPeer.put("c", 7L);
        worker0.close();
        Map<String, Double> later = scrape();
        assertEquals(7.0, later.get(series("trunkline_sync_records_sent_total", "peer", "c")));
        assertFalse(later.containsKey(series("trunkline_worker_busy_ratio", "worker", "0")));
    }

    @Test
    void everyFormatAPrometheusServerAsksForIsServed() throws Exception {
        // exporter-httpserver 1.8.0 (1.10.0 is not on Central) runs over core/model 1.10.0:
        // text, OpenMetrics and protobuf must each come back whole.
        registry.counter("trunkline_tx_packets", "Packets sent", "port").series(() -> 9, "0");
        server = MetricsServer.start(registry, loopback(0));

        HttpResponse<String> text = get("text/plain; version=0.0.4");
        assertEquals(200, text.statusCode());
        assertTrue(text.body().contains("trunkline_tx_packets_total{port=\"0\"} 9.0"), text.body());

        HttpResponse<String> openMetrics = get("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertEquals(200, openMetrics.statusCode());
        assertTrue(openMetrics.body().contains("trunkline_tx_packets_total{port=\"0\"} 9.0"), openMetrics.body());
        assertTrue(openMetrics.body().endsWith("# EOF\n"), openMetrics.body());

        HttpResponse<byte[]> protobuf = http.send(request(
                "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited"),
            HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, protobuf.statusCode());
        assertTrue(protobuf.headers().firstValue("Content-Type").orElse("").startsWith("application/vnd.google.protobuf"),
            protobuf.headers().toString());
        assertTrue(protobuf.body().length > 0);
    }

    @Test
    void labelValuesMustMatchTheFamily() {
        GaugeFamily gauge = registry.gauge("trunkline_backend_weight", "Weight", "pool", "backend");
        IllegalArgumentException wrongCount = assertThrows(IllegalArgumentException.class, () -> gauge.series(() -> 1, "web"));
        assertEquals("metric trunkline_backend_weight has labels [pool, backend], got values [web]", wrongCount.getMessage());
        gauge.series(() -> 1, "web", "b1");
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> gauge.series(() -> 2, "web", "b1"));
        assertEquals("metric trunkline_backend_weight[web, b1]: series already registered", twice.getMessage());
    }

    @Test
    void namesFollowTheClassicRulesAndAreDeclaredOnce() {
        assertEquals("metric name \"bad-name\" is not [a-zA-Z_:][a-zA-Z0-9_:]*",
            assertThrows(IllegalArgumentException.class, () -> registry.gauge("bad-name", "h")).getMessage());
        assertEquals("metric trunkline_x: label name \"vip.port\" is not [a-zA-Z_][a-zA-Z0-9_]*",
            assertThrows(IllegalArgumentException.class, () -> registry.gauge("trunkline_x", "h", "vip.port")).getMessage());
        registry.gauge("trunkline_x", "h");
        assertThrows(IllegalArgumentException.class, () -> registry.gauge("trunkline_x", "h"));
    }

    @Test
    void aPortInUseIsRefusedWithTheAddress() throws Exception {
        server = MetricsServer.start(registry, loopback(0));
        IOException e = assertThrows(IOException.class, () -> MetricsServer.start(new MetricsRegistry(), server.address()));
        assertTrue(e.getMessage().startsWith("metrics: cannot listen on " + server.address()), e.getMessage());
    }

    private Map<String, Double> scrape() throws Exception {
        HttpResponse<String> response = get("text/plain; version=0.0.4");
        assertEquals(200, response.statusCode());
        return Exposition.parse(response.body());
    }

    private HttpResponse<String> get(String accept) throws Exception {
        return http.send(request(accept), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String accept) {
        URI uri = URI.create("http://127.0.0.1:" + server.port() + "/metrics");
        return HttpRequest.newBuilder(uri).header("Accept", accept).GET().build();
    }

    static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }
}
