package io.trunkline.controlplane.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End to end with NAT VIPs behind a router without BGP ({@link RouterMode#STATIC}: static ECMP routes, each next hop
 * kept by BFD): the dispatchers send to the backends' own addresses, and the backends' answers come back through the
 * router's return route over the dispatchers, also kept by BFD, where the source becomes the VIP again. IPv4 and
 * IPv6; a dispatcher killed under long-lived connections in both families. Root only.
 */
class NatLabTest {
    private static final Duration LIMIT = Duration.ofMinutes(3);

    @RegisterExtension
    static final LabExtension LAB = new LabExtension("tln",
            name -> LabPlan.of(name, 3, 4, RouterMode.STATIC).withForwarding(Forwarding.NAT));

    @Test
    void requestsThroughTheIpv4AndIpv6NatVipsReachEveryBackendAndComeBackFromTheVip() {
        for (String vip : List.of(LabPlan.VIP4, LabPlan.VIP6)) {
            try (LabClient http = LabClient.start(LAB.plan(), LabExtension::log, "http", "--target", vip, "--requests", "1000",
                    "--progress", "0s")) {
                http.await(LIMIT);
                LabVerdict.assertAllAnswered(http, 1000, LAB);
                assertEquals(4, http.backendCounts().size(), vip + ": every backend answers: " + http.backendCounts());
            }
        }
    }

    @Test
    void longLivedNatConnectionsInBothFamiliesSurviveADispatcherKilledAndRestarted() {
        try (LabClient echo4 = LabClient.start(LAB.plan(), LabExtension::log, "echo", "--connections", "200", "--size", "256");
             LabClient echo6 = LabClient.start(LAB.plan(), LabExtension::log, "echo", "--target", LabPlan.VIP6,
                     "--connections", "100", "--size", "256")) {
            assertEquals("opened 200 of 200", echo4.awaitLine("opened ", LIMIT), LAB::diagnostics);
            assertEquals("opened 100 of 100", echo6.awaitLine("opened ", LIMIT), LAB::diagnostics);
            echo4.awaitProgress(2, LIMIT);

            LAB.lab().killDispatcher(1);
            LAB.lab().awaitRoutes(2);
            echo4.awaitProgress(echo4.progressSeconds() + 3, LIMIT);
            LAB.lab().startDispatcher(1);
            LAB.lab().awaitDispatcherReady(1);
            LAB.lab().awaitRoutes(3);
            echo4.awaitProgress(echo4.progressSeconds() + 3, LIMIT);
            echo4.stop(LIMIT);
            echo6.stop(LIMIT);

            LabVerdict.assertNothingBroken(echo4, 200, LAB);
            LabVerdict.assertNothingBroken(echo6, 100, LAB);
        }
    }
}
