package io.trunkline.controlplane.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.controlplane.daemon.DispatcherStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End to end, a dispatcher joining a loaded cluster: the lab is built for four dispatchers (every peer list and the
 * router's BGP neighbours name d4) but starts three; d4 is started while long-lived connections and requests flow.
 * The same lab carries the Debian load tools' runs (wrk, ab). Root only.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JoinLabTest {
    private static final Duration LIMIT = Duration.ofMinutes(3);
    private static final int CONNECTIONS = 300;

    @RegisterExtension
    static final LabExtension LAB = new LabExtension("tlj",
            name -> LabPlan.of(name, 4, 4, RouterMode.ECMP).withSpareDispatchers(1));

    @Test
    @Order(1)
    void aFourthDispatcherJoinsUnderLoadAnnouncesOnlyWhenReadyTakesTrafficAndBreaksNoConnection() {
        for (int d = 1; d <= 3; d++) {
            DispatcherStatus status = LabInspector.dispatcherStatus(LAB.lab(), d).orElseThrow();
            assertEquals("READY", status.readiness().name(), "a configured peer never started does not hold readiness back");
            assertEquals(2, status.peersUp(), "d" + d + " sees its two running peers up, not d4: " + status);
            assertEquals(3, status.peers(), "d" + d + " has d4 in its peer list: " + status);
        }
        String d4 = LabPlan.dispatcher4(4);
        assertFalse(LabInspector.nextHops(LAB.plan(), LabPlan.VIP4).contains(d4), "d4 is not routed to before it runs");

        try (LabClient echo = LabClient.start(LAB.plan(), LabExtension::log, "echo", "--connections", Integer.toString(CONNECTIONS),
                "--size", "256", "--interval", "1s", "--stall", "2s");
             LabClient http = LabClient.start(LAB.plan(), LabExtension::log, "http", "--concurrency", "4", "--rate", "200",
                     "--progress", "5s")) {
            assertEquals("opened " + CONNECTIONS + " of " + CONNECTIONS, echo.awaitLine("opened ", LIMIT), LAB::diagnostics);
            echo.awaitProgress(2, LIMIT);

            long started = System.nanoTime();
            LAB.lab().startDispatcher(4);
            List<String> routedBeforeReady = new ArrayList<>();
            long deadline = started + Lab.READY_LIMIT.toNanos();
            long readyAt = 0;
            boolean routed = false;
            while (!routed && System.nanoTime() < deadline) {
                // Routes first, readiness after: a route seen through d4 with d4 not READY afterwards was there before it was ready.
                Set<String> hops = LabInspector.nextHops(LAB.plan(), LabPlan.VIP4);
                String readiness = LabInspector.readiness(LAB.lab(), 4);
                routed = hops.contains(d4);
                if (routed && !"READY".equals(readiness)) {
                    routedBeforeReady.add(hops + " while d4 was " + (readiness.isEmpty() ? "not answering" : readiness));
                }
                if (readyAt == 0 && "READY".equals(readiness)) {
                    readyAt = System.nanoTime();
                }
                Lab.sleep(Duration.ofMillis(50));
            }
            LabExtension.log("d4 ready " + (readyAt - started) / 1_000_000 + " ms after its start, in the router's route "
                    + (System.nanoTime() - started) / 1_000_000 + " ms after");
            assertTrue(routed, "the router routes to d4 once it is ready: " + LabInspector.nextHops(LAB.plan(), LabPlan.VIP4));
            assertEquals(List.of(), routedBeforeReady, "the router installs d4 as a next hop only once d4 is READY");
            LAB.lab().awaitRoutes(4);
            DispatcherStatus joined = LabInspector.dispatcherStatus(LAB.lab(), 4).orElseThrow();
            assertTrue(joined.sessions() >= CONNECTIONS, "d4 holds the open connections' sessions from its snapshot: " + joined);
            assertEquals(3, joined.peersUp(), joined.toString());

            long forwardedAtJoin = LabInspector.counter(LAB.lab(), 4, "vip_packets");
            echo.awaitProgress(echo.progressSeconds() + 4, LIMIT);
            long forwarded = LabInspector.counter(LAB.lab(), 4, "vip_packets") - forwardedAtJoin;
            assertTrue(forwarded > 0, "d4 forwards VIP traffic once routed to: " + LAB.diagnostics());
            LabExtension.log("d4 forwarded " + forwarded + " VIP packets in 4 s; sessions in its table at READY: " + joined.sessions());
            http.stop(LIMIT);
            echo.stop(LIMIT);

            LabVerdict.assertNoneFailed(http, LAB);
            assertTrue(Long.parseLong(http.fields("requests_ok=").get("requests_ok")) > 0, http.lines().toString());
            LabVerdict.assertNothingBroken(echo, CONNECTIONS, LAB);
        }
    }

    /** After the join: wrk takes both cores, and the join's timing should not depend on what it leaves behind. */
    @Test
    @Order(2)
    void wrkAndAbThroughTheVipsReportNoFailedRequests() {
        HttpBench.Report ab = HttpBench.ab(LAB.plan(), HttpBench.url(LabPlan.VIP4), 2000, 8);
        LabExtension.log(ab.summary());
        assertTrue(ab.clean(), () -> ab.report() + "\n" + LAB.diagnostics());
        assertEquals(2000, ab.requests(), ab.report());
        for (String vip : List.of(LabPlan.VIP4, LabPlan.VIP6)) {
            HttpBench.Report wrk = HttpBench.wrk(LAB.plan(), HttpBench.url(vip), 8, 3);
            LabExtension.log(vip + ": " + wrk.summary());
            assertTrue(wrk.clean(), () -> wrk.report() + "\n" + LAB.diagnostics());
        }
    }
}
