package io.trunkline.controlplane.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.trunkline.controlplane.config.ConfigLoader;
import io.trunkline.controlplane.config.TrunklineConfig;
import io.trunkline.controlplane.config.VipConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The files the lab writes are what the daemon, BIRD and nft accept, and say what the lab promises. */
class LabConfigsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(RouterMode.class)
    void everyDispatcherConfigurationLoadsAndNamesNoMac(RouterMode mode) throws Exception {
        LabPlan plan = new LabPlan("tl-lab", 3, 0, 4, 1, List.of(100, 100, 200, 200), mode, Forwarding.DSR, dir);
        for (int d = 1; d <= 3; d++) {
            String yaml = LabConfigs.dispatcher(plan, d);
            TrunklineConfig config = ConfigLoader.parse("d" + d + ".yaml", yaml);
            assertEquals(d, config.node().id());
            assertEquals(2, config.replication().peers().size(), "replicates to the two others");
            assertEquals(3, config.backendCount(), "the spare backend waits outside the pool");
            assertFalse(yaml.contains("mac"), "MACs are resolved by ARP/ND, never written:\n" + yaml);
            assertEquals(mode != RouterMode.SPRAY, config.routing().bgp().isPresent(), "BGP in the routed modes");
        }
    }

    @ParameterizedTest
    @EnumSource(value = RouterMode.class, names = {"ECMP", "STATIC"})
    void natVipsUseOnePoolEachAndBfdReachesTheRouterOverBothFamilies(RouterMode mode) throws Exception {
        LabPlan plan = LabPlan.of("tl-lab", 3, 4, mode).withRoot(dir).withForwarding(Forwarding.NAT);
        TrunklineConfig config = ConfigLoader.parse("d1.yaml", LabConfigs.dispatcher(plan, 1));
        assertTrue(config.vips().stream().allMatch(v -> v.mode() == VipConfig.Mode.NAT), config.vips().toString());
        assertEquals(List.of("web", "echo", "web6", "echo6"), config.vips().stream().map(VipConfig::pool).toList(),
                "a NAT backend has one port and one family: a pool per VIP");
        assertEquals(16, config.backendCount(), "b1..b4 in each of the four pools");
        assertEquals(2, config.routing().bgp().orElseThrow().neighbours().size(), "BFD to the router's IPv4 and IPv6 addresses");
    }

    @Test
    void spareDispatchersAreInEveryPeerListAndTheRoutersConfiguration() throws Exception {
        LabPlan plan = LabPlan.of("tl-lab", 4, 4, RouterMode.ECMP).withRoot(dir).withSpareDispatchers(1);
        assertEquals(3, plan.started());
        for (int d = 1; d <= 4; d++) {
            assertEquals(3, ConfigLoader.parse("d" + d + ".yaml", LabConfigs.dispatcher(plan, d)).replication().peers().size());
        }
        assertTrue(LabConfigs.routerBird(plan, dir.resolve("bird.log")).contains("protocol bgp d4 from dispatcher { neighbor 198.18.0.14"));
        assertEquals(4, plan.namespaces().stream().filter(ns -> ns.matches("tl-lab-d[0-9]")).count(), "d4's links exist from the start");
    }

    @Test
    void routerBirdConfigurationsParse() throws Exception {
        Path bird = Path.of("/usr/sbin/bird");
        assumeTrue(Files.isExecutable(bird), "BIRD 2 is not installed (scripts/bootstrap installs bird2)");
        for (RouterMode mode : List.of(RouterMode.ECMP, RouterMode.STATIC)) {
            for (Forwarding forwarding : Forwarding.values()) {
                LabPlan plan = LabPlan.of("tl-lab", 3, 4, mode).withRoot(dir).withForwarding(forwarding);
                Path conf = Files.writeString(dir.resolve(mode.label() + "-" + forwarding.label() + ".conf"),
                        LabConfigs.routerBird(plan, dir.resolve("bird.log")));
                Commands.Result parsed = Commands.run(bird.toString(), "-p", "-c", conf.toString());
                assertEquals(0, parsed.status(), mode + " " + forwarding + ": " + parsed.output() + "\n" + Files.readString(conf));
            }
        }
    }

    @Test
    void sprayingSendsEachVipPacketToTheNextDispatcherByAddress() {
        String rules = LabConfigs.routerSpray(LabPlan.of("tl-lab", 3, 4, RouterMode.SPRAY));
        assertTrue(rules.contains("ip daddr 198.19.0.1 fwd ip to numgen inc mod 3 map { 0 : 198.18.0.11, 1 : 198.18.0.12, "
                + "2 : 198.18.0.13 } device \"lan\""), rules);
        assertTrue(rules.contains("fwd ip6 to numgen inc mod 3 map { 0 : 2001:2::d:1"), rules);
    }

    @Test
    void planRefusesWhatTheLabCannotBuild() {
        assertThrows(IllegalArgumentException.class, () -> LabPlan.of("Lab", 3, 4, RouterMode.ECMP));
        assertThrows(IllegalArgumentException.class, () -> LabPlan.of("tl-lab", 9, 4, RouterMode.ECMP));
        assertThrows(IllegalArgumentException.class, () -> LabPlan.of("tl-lab", 3, 4, RouterMode.ECMP).withSpare(4));
        assertThrows(IllegalArgumentException.class, () -> LabPlan.of("tl-lab", 3, 4, RouterMode.ECMP).withWeights(List.of(1, 2)));
        assertThrows(IllegalArgumentException.class, () -> RouterMode.parse("bond"));
        assertThrows(IllegalArgumentException.class, () -> LabPlan.of("tl-lab", 3, 4, RouterMode.ECMP).withSpareDispatchers(3));
        assertThrows(IllegalArgumentException.class,
                () -> LabPlan.of("tl-lab", 3, 4, RouterMode.SPRAY).withForwarding(Forwarding.NAT));
        assertThrows(IllegalArgumentException.class, () -> Forwarding.parse("ipip"));
    }
}
