package io.trunkline.controlplane.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end with the seeds' port trunking: the router sends every packet to the next of three dispatchers
 * in turn, so a connection's SYN and its following packets reach different dispatchers and only the shared,
 * replicated table keeps them on one backend. Root only.
 */
class SprayLabTest {
    private static final Duration LIMIT = Duration.ofMinutes(3);

    @TempDir
    static Path root;
    private static Lab lab;

    @BeforeAll
    static void up() {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: the lab creates network namespaces");
        String name = "tls" + ProcessHandle.current().pid() % 100_000;
        lab = Lab.up(LabPlan.of(name, 3, 4, RouterMode.SPRAY).withRoot(root).withSpare(1), SprayLabTest::log);
    }

    @AfterAll
    static void down() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void shortAndLongConnectionsSprayedPacketByPacketAllSucceedAndSurviveBackendChanges() {
        try (LabClient echo = LabClient.start(lab.plan(), SprayLabTest::log, "echo", "--connections", "200", "--size", "256");
             LabClient http = LabClient.start(lab.plan(), SprayLabTest::log, "http", "--requests", "10000", "--concurrency", "16",
                     "--progress", "5s")) {
            assertEquals("opened 200 of 200", echo.awaitLine("opened ", LIMIT), SprayLabTest::diagnostics);
            http.await(LIMIT);
            Map<String, String> requests = http.fields("requests_ok=");
            assertEquals("10000", requests.get("requests_ok"), () -> http.lines() + "\n" + diagnostics());
            assertEquals("0", requests.get("requests_failed"));
            assertEquals(3, http.backendCounts().size(), "b1..b3 in the pool: " + http.backendCounts());

            lab.addBackend(4, 100);
            lab.setWeight(1, 50);
            lab.awaitBackendHealth(4, "UP");
            try (LabClient after = LabClient.start(lab.plan(), SprayLabTest::log, "http", "--requests", "1000", "--progress", "0s")) {
                after.await(LIMIT);
                assertEquals("1000", after.fields("requests_ok=").get("requests_ok"), after.lines().toString());
                assertTrue(after.backendCounts().getOrDefault("b4", 0L) > 0, "the added backend answers: " + after.backendCounts());
            }
            echo.awaitProgress(echo.progressSeconds() + 2, LIMIT);
            echo.stop(LIMIT);

            Map<String, String> result = echo.fields("echo_connections=");
            String all = String.join("\n", echo.lines());
            assertEquals("0", result.get("broken"), () -> all + "\n" + diagnostics());
            assertEquals("0", result.get("mismatches"), all);
            assertEquals("200", result.get("closed_cleanly"), all);
        }
    }

    /** What the dispatchers counted, for a failure message: where packets went missing. */
    private static String diagnostics() {
        return "dispatchers' counters:\n" + LabInspector.counters(lab);
    }

    private static void log(String line) {
        System.out.println("lab: " + line);
    }
}
