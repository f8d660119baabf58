package io.trunkline.controlplane.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End to end with the seeds' port trunking: the router sends every packet to the next of three dispatchers
 * in turn, so a connection's SYN and its following packets reach different dispatchers and only the shared,
 * replicated table keeps them on one backend. Root only.
 */
class SprayLabTest {
    private static final Duration LIMIT = Duration.ofMinutes(3);

    @RegisterExtension
    static final LabExtension LAB = new LabExtension("tls",
            name -> LabPlan.of(name, 3, 4, RouterMode.SPRAY).withSpare(1));

    @Test
    void shortAndLongConnectionsSprayedPacketByPacketAllSucceedAndSurviveBackendChanges() {
        try (LabClient echo = LabClient.start(LAB.plan(), LabExtension::log, "echo", "--connections", "200", "--size", "256");
             LabClient http = LabClient.start(LAB.plan(), LabExtension::log, "http", "--requests", "10000", "--concurrency", "16",
                     "--progress", "5s")) {
            assertEquals("opened 200 of 200", echo.awaitLine("opened ", LIMIT), LAB::diagnostics);
            http.await(LIMIT);
            LabVerdict.assertAllAnswered(http, 10_000, LAB);
            assertEquals(3, http.backendCounts().size(), "b1..b3 in the pool: " + http.backendCounts());

            LAB.lab().addBackend(4, 100);
            LAB.lab().setWeight(1, 50);
            LAB.lab().awaitBackendHealth(4, "UP");
            try (LabClient after = LabClient.start(LAB.plan(), LabExtension::log, "http", "--requests", "1000", "--progress", "0s")) {
                after.await(LIMIT);
                LabVerdict.assertAllAnswered(after, 1000, LAB);
                assertTrue(after.backendCounts().getOrDefault("b4", 0L) > 0, "the added backend answers: " + after.backendCounts());
            }
            echo.awaitProgress(echo.progressSeconds() + 2, LIMIT);
            echo.stop(LIMIT);
            LabVerdict.assertNothingBroken(echo, 200, LAB);
        }
    }
}
