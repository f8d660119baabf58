package io.trunkline.controlplane.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End to end, in a lab whose router learns the VIPs from three dispatchers and protects each next hop with
 * BFD: real curl-like HTTP clients and long-lived echo connections through the VIPs to four backends (DSR,
 * IPv4 and IPv6), a dispatcher killed with SIGKILL and started again. Everything the test checks is
 * counted by the client; the test only kills and starts processes. Root only.
 */
class RoutedLabTest {
    private static final Duration LIMIT = Duration.ofMinutes(3);
    /** Backends b1, b2 at 100 and b3, b4 at 200: shares 1/6, 1/6, 1/3, 1/3. */
    private static final List<Integer> WEIGHTS = List.of(100, 100, 200, 200);

    @RegisterExtension
    static final LabExtension LAB = new LabExtension("tle",
            name -> LabPlan.of(name, 3, 4, RouterMode.ECMP).withWeights(WEIGHTS));

    @Test
    void tenThousandRequestsReachEveryBackendInProportionToItsWeight() {
        int requests = 10_000;
        try (LabClient client = LabClient.start(LAB.plan(), LabExtension::log, "http", "--requests", Integer.toString(requests),
                "--concurrency", "16", "--progress", "5s")) {
            client.await(LIMIT);
            LabVerdict.assertAllAnswered(client, requests, LAB);
            Map<String, Long> perBackend = client.backendCounts();
            int total = WEIGHTS.stream().mapToInt(Integer::intValue).sum();
            for (int b = 1; b <= 4; b++) {
                double expected = requests * WEIGHTS.get(b - 1) / (double) total;
                long got = perBackend.getOrDefault("b" + b, 0L);
                assertTrue(Math.abs(got - expected) <= expected * 0.10,
                        "b" + b + " answered " + got + " of " + requests + ", expected " + Math.round(expected) + " ±10 %: " + perBackend);
            }
        }
    }

    @Test
    void longLivedConnectionsSurviveADispatcherKilledAndRestarted() {
        try (LabClient client = LabClient.start(LAB.plan(), LabExtension::log, "echo", "--connections", "1000", "--size", "256",
                "--interval", "1s", "--stall", "2s")) {
            assertEquals("opened 1000 of 1000", client.awaitLine("opened ", LIMIT), LAB::diagnostics);
            client.awaitProgress(3, LIMIT);

            LAB.lab().killDispatcher(2);
            LAB.lab().awaitRoutes(2);
            client.awaitProgress(client.progressSeconds() + 3, LIMIT);

            LAB.lab().startDispatcher(2);
            LAB.lab().awaitDispatcherReady(2);
            LAB.lab().awaitRoutes(3);
            client.awaitProgress(client.progressSeconds() + 3, LIMIT);
            client.stop(LIMIT);

            Map<String, String> result = LabVerdict.assertNothingBroken(client, 1000, LAB);
            assertEquals(Long.parseLong(result.get("exchanges")) * 256, Long.parseLong(result.get("bytes_verified")),
                    client.lines().toString());
        }
    }

    @Test
    void aDispatcherStoppedGracefullyAndRestartedWarmBreaksNoConnection() {
        try (LabClient client = LabClient.start(LAB.plan(), LabExtension::log, "echo", "--connections", "300", "--size", "256")) {
            assertEquals("opened 300 of 300", client.awaitLine("opened ", LIMIT), LAB::diagnostics);
            client.awaitProgress(2, LIMIT);

            LAB.lab().stopDispatcher(3);
            LAB.lab().awaitRoutes(2);
            LAB.lab().startDispatcher(3);
            LAB.lab().awaitDispatcherReady(3);
            LAB.lab().awaitRoutes(3);
            client.awaitProgress(client.progressSeconds() + 3, LIMIT);
            client.stop(LIMIT);

            LabVerdict.assertNothingBroken(client, 300, LAB);
        }
    }

    @Test
    void aStoppedBackendLeavesThePoolAndADrainedOneKeepsItsConnections() {
        LAB.lab().stopBackend(4);
        LAB.lab().awaitBackendHealth(4, "DOWN");
        Map<String, Long> withoutB4 = requests(1000);
        assertEquals(0L, withoutB4.getOrDefault("b4", 0L), "no new connection to the stopped backend: " + withoutB4);
        LAB.lab().startBackendAgain(4);
        LAB.lab().awaitBackendHealth(4, "UP");

        try (LabClient echo = LabClient.start(LAB.plan(), LabExtension::log, "echo", "--connections", "100", "--size", "256")) {
            assertEquals("opened 100 of 100", echo.awaitLine("opened ", LIMIT), LAB::diagnostics);
            LAB.lab().drainBackend(3);
            Map<String, Long> withoutB3 = requests(1000);
            assertEquals(0L, withoutB3.getOrDefault("b3", 0L), "no new connection to the drained backend: " + withoutB3);
            echo.awaitProgress(echo.progressSeconds() + 2, LIMIT);
            echo.stop(LIMIT);
            LabVerdict.assertNothingBroken(echo, 100, LAB);
        } finally {
            LAB.lab().enableBackend(3);
        }
    }

    /** {@code count} HTTP requests, all of which must succeed; the answers per backend. */
    private static Map<String, Long> requests(int count) {
        try (LabClient http = LabClient.start(LAB.plan(), LabExtension::log, "http", "--requests", Integer.toString(count),
                "--progress", "0s")) {
            http.await(LIMIT);
            LabVerdict.assertAllAnswered(http, count, LAB);
            return http.backendCounts();
        }
    }

    @Test
    void ipv6ClientsReachTheBackendsThroughTheIpv6Vip() {
        try (LabClient http = LabClient.start(LAB.plan(), LabExtension::log, "http", "--target", LabPlan.VIP6,
                "--requests", "500", "--progress", "0s");
             LabClient echo = LabClient.start(LAB.plan(), LabExtension::log, "echo", "--target", LabPlan.VIP6,
                     "--connections", "50", "--duration", "3s", "--progress", "0s")) {
            http.await(LIMIT);
            echo.await(LIMIT);
            LabVerdict.assertAllAnswered(http, 500, LAB);
            assertEquals(4, http.backendCounts().size(), "every backend answers over IPv6: " + http.backendCounts());
            Map<String, String> result = echo.fields("echo_connections=");
            assertEquals("50", result.get("closed_cleanly"), echo.lines().toString());
            assertEquals("0", result.get("mismatches"));
        }
    }
}
