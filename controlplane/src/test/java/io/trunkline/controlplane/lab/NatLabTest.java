package io.trunkline.controlplane.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end with NAT VIPs behind a router without BGP ({@link RouterMode#STATIC}: static ECMP routes, each next hop
 * kept by BFD): the dispatchers send to the backends' own addresses, and the backends' answers come back through the
 * router's return route over the dispatchers, also kept by BFD, where the source becomes the VIP again. IPv4 and
 * IPv6; a dispatcher killed under long-lived connections in both families. Root only.
 */
class NatLabTest {
    private static final Duration LIMIT = Duration.ofMinutes(3);

    @TempDir
    static Path root;
    private static Lab lab;

    @BeforeAll
    static void up() {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: the lab creates network namespaces");
        String name = "tln" + ProcessHandle.current().pid() % 100_000;
        lab = Lab.up(LabPlan.of(name, 3, 4, RouterMode.STATIC).withRoot(root).withForwarding(Forwarding.NAT), NatLabTest::log);
    }

    @AfterAll
    static void down() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void requestsThroughTheIpv4AndIpv6NatVipsReachEveryBackendAndComeBackFromTheVip() {
        for (String vip : List.of(LabPlan.VIP4, LabPlan.VIP6)) {
            try (LabClient http = LabClient.start(lab.plan(), NatLabTest::log, "http", "--target", vip, "--requests", "1000",
                    "--progress", "0s")) {
                http.await(LIMIT);
                Map<String, String> result = http.fields("requests_ok=");
                assertEquals("1000", result.get("requests_ok"), () -> vip + ": " + http.lines() + "\n" + diagnostics());
                assertEquals("0", result.get("requests_failed"), http.lines().toString());
                assertEquals(4, http.backendCounts().size(), vip + ": every backend answers: " + http.backendCounts());
            }
        }
    }

    @Test
    void longLivedNatConnectionsInBothFamiliesSurviveADispatcherKilledAndRestarted() {
        try (LabClient echo4 = LabClient.start(lab.plan(), NatLabTest::log, "echo", "--connections", "200", "--size", "256");
             LabClient echo6 = LabClient.start(lab.plan(), NatLabTest::log, "echo", "--target", LabPlan.VIP6,
                     "--connections", "100", "--size", "256")) {
            assertEquals("opened 200 of 200", echo4.awaitLine("opened ", LIMIT), NatLabTest::diagnostics);
            assertEquals("opened 100 of 100", echo6.awaitLine("opened ", LIMIT), NatLabTest::diagnostics);
            echo4.awaitProgress(2, LIMIT);

            lab.killDispatcher(1);
            lab.awaitRoutes(2);
            echo4.awaitProgress(echo4.progressSeconds() + 3, LIMIT);
            lab.startDispatcher(1);
            lab.awaitDispatcherReady(1);
            lab.awaitRoutes(3);
            echo4.awaitProgress(echo4.progressSeconds() + 3, LIMIT);
            echo4.stop(LIMIT);
            echo6.stop(LIMIT);

            EchoAssertions.assertNothingBroken(echo4, 200, NatLabTest::diagnostics);
            EchoAssertions.assertNothingBroken(echo6, 100, NatLabTest::diagnostics);
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
