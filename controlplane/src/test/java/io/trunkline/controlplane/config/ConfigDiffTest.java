package io.trunkline.controlplane.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigDiffTest {
    private static final TrunklineConfig FULL = load(Configs.FULL);

    @Test
    void sameConfigHasNoChanges() {
        ConfigDiff diff = ConfigDiff.between(FULL, load(Configs.FULL));

        assertTrue(diff.isEmpty());
        assertEquals("no changes", diff.summary());
    }

    @Test
    void weightChangeAndDrainApplyLive() {
        TrunklineConfig updated = load(Configs.FULL
                .replace("name: web1, address: 198.18.3.10, weight: 100", "name: web1, address: 198.18.3.10, weight: 0")
                .replace("port: 5353, weight: 50", "port: 5353, weight: 80"));

        ConfigDiff diff = ConfigDiff.between(FULL, updated);

        assertEquals(2, diff.changes().size());
        ConfigDiff.BackendChanged drained = (ConfigDiff.BackendChanged) diff.changes().get(0);
        assertTrue(drained.drains());
        assertEquals("~ backend web/web1: weight 100 -> 0 (drain)", drained.describe());
        ConfigDiff.BackendChanged reweighted = (ConfigDiff.BackendChanged) diff.changes().get(1);
        assertFalse(reweighted.drains());
        assertEquals("~ backend dns/dns1: weight 50 -> 80", reweighted.describe());
        assertFalse(diff.needsRestart());
    }

    @Test
    void weightBackFromZeroUndrains() {
        TrunklineConfig updated = load(Configs.FULL.replace("address: 198.18.3.11, weight: 0", "address: 198.18.3.11, weight: 10")
                .replace(", state: drain", ""));

        ConfigDiff.BackendChanged change = (ConfigDiff.BackendChanged) ConfigDiff.between(FULL, updated).changes().get(0);

        assertTrue(change.undrains());
        assertEquals("~ backend web/web2: state drain -> enabled, weight 0 -> 10 (undrain)", change.describe());
    }

    @Test
    void backendAddressChangeIsARemovalAndAnAddition() {
        TrunklineConfig updated = load(Configs.FULL.replace("198.18.3.10", "198.18.3.20"));

        List<String> lines = describe(ConfigDiff.between(FULL, updated));

        assertEquals(List.of("- backend web/web1 198.18.3.10", "+ backend web/web1 198.18.3.20 weight 100"), lines);
    }

    @Test
    void vipsAndPoolsAddedRemovedAndChangedInAnOrderThatCanBeApplied() {
        // The dns VIP and pool make way for an api VIP and pool; web6 changes mode; pool web its down policy.
        TrunklineConfig updated = load(Configs.FULL
                .replace("  - { name: dns, address: 198.19.0.2, port: 53, protocol: udp, mode: nat, policy: wrr, pool: dns }\n",
                        "  - { name: api, address: 198.19.0.3, port: 8080, pool: api }\n")
                .replace("  - name: dns\n    health: { type: tcp, interval: 5s, timeout: 500ms, rise: 1, fall: 2 }\n"
                        + "    on_backend_down: reassign\n    backends:\n"
                        + "      - { name: dns1, address: 10.20.0.53, port: 5353, weight: 50, max_connections: 10000, next_hop: 198.18.3.1 }\n",
                        "  - name: api\n    backends:\n      - { name: api1, address: 198.18.3.30 }\n")
                .replace("mode: ipip, policy: wlc, pool: web", "mode: gue, policy: wlc, pool: web")
                .replace("    on_backend_down: keep\n", "    on_backend_down: reset\n"));

        List<String> lines = describe(ConfigDiff.between(FULL, updated));

        assertEquals(List.of(
                "+ pool api (1 backends)",
                "~ pool web: on_backend_down keep -> reset",
                "+ vip api 198.19.0.3:8080/tcp dsr maglev pool api",
                "~ vip web6: mode ipip -> gue",
                "- vip dns 198.19.0.2:53/udp",
                "- pool dns (1 backends)"), lines);
    }

    @Test
    void vipEndpointChangeIsARemovalAndAnAddition() {
        TrunklineConfig updated = load(Configs.FULL.replace("address: 198.19.0.1, port: 80,", "address: 198.19.0.1, port: 8080,"));

        assertEquals(List.of("- vip web 198.19.0.1:80/tcp", "+ vip web 198.19.0.1:8080/tcp dsr maglev pool web"),
                describe(ConfigDiff.between(FULL, updated)));
    }

    @Test
    void healthCheckChangeIsShownWhole() {
        TrunklineConfig updated = load(Configs.FULL.replace("interval: 2s, timeout: 1s, rise: 2, fall: 3", "interval: 2s, timeout: 1s, rise: 3, fall: 3"));

        assertEquals(List.of("~ pool web: health {type: http, path: /health, expect: 200, interval: 2s, timeout: 1s, rise: 2, fall: 3}"
                        + " -> {type: http, path: /health, expect: 200, interval: 2s, timeout: 1s, rise: 3, fall: 3}"),
                describe(ConfigDiff.between(FULL, updated)));
    }

    @Test
    void portsLcoresTableAndNodeIdNeedARestart() {
        TrunklineConfig updated = load(Configs.FULL
                .replace("node: { id: 1,", "node: { id: 4,")
                .replace("mtu: 9000", "mtu: 1500")
                .replace("lcores: [1, 2]", "lcores: [1, 2, 3]")
                .replace("capacity: 10000000", "capacity: 20000000")
                .replace("tcp_established: 300s", "tcp_established: 600s")
                .replace("{ id: 3, address: 198.18.2.3:7400 }", "{ id: 3, address: 198.18.2.4:7400 }"));

        ConfigDiff diff = ConfigDiff.between(FULL, updated);

        assertEquals(List.of(
                "~ node.id: 1 -> 4 (restart)",
                "~ ports[1].mtu: 9000 -> 1500 (restart)",
                "~ workers.lcores: [1, 2] -> [1, 2, 3] (restart)",
                "~ session_table.capacity: 10000000 -> 20000000 (restart)",
                "~ timeouts.tcp_established: 5m -> 10m (restart)",
                "~ replication.peers[1].address: 198.18.2.3:7400 -> 198.18.2.4:7400 (restart)"), describe(diff));
        assertTrue(diff.needsRestart());
        assertEquals(6, diff.restartRequired().size());
        assertEquals(0, diff.live().size());
        assertEquals(String.join(System.lineSeparator(),
                "6 changes, 6 of them after a restart",
                "  ~ node.id: 1 -> 4 (restart)",
                "  ~ ports[1].mtu: 9000 -> 1500 (restart)",
                "  ~ workers.lcores: [1, 2] -> [1, 2, 3] (restart)",
                "  ~ session_table.capacity: 10000000 -> 20000000 (restart)",
                "  ~ timeouts.tcp_established: 5m -> 10m (restart)",
                "  ~ replication.peers[1].address: 198.18.2.3:7400 -> 198.18.2.4:7400 (restart)"), diff.summary());
    }

    @Test
    void optionalSettingAppearing() {
        TrunklineConfig minimal = load(Configs.MINIMAL);
        TrunklineConfig clustered = load(Configs.MINIMAL + """
                replication:
                  listen: 198.18.1.2:7400
                  cluster_key_file: /etc/trunkline/cluster.key
                  peers: [ { id: 2, address: 198.18.1.3:7400 } ]
                """);

        assertEquals(List.of(
                "~ replication.listen: (none) -> 198.18.1.2:7400 (restart)",
                "~ replication.peers: [] -> [{id: 2, address: 198.18.1.3:7400}] (restart)",
                "~ replication.cluster_key_file: (none) -> /etc/trunkline/cluster.key (restart)"),
                describe(ConfigDiff.between(minimal, clustered)));
    }

    @Test
    void bgpChangesApplyLiveAndBirdPathsNeedARestart() {
        TrunklineConfig updated = load(Configs.FULL
                .replace("      - { address: 198.18.3.1, as: 64500 }\n", "      - { address: 198.18.3.1, as: 64501 }\n")
                .replace("announce: true", "announce: false")
                .replace("socket: /run/trunkline/bird.ctl", "socket: /run/bird/bird.ctl"));

        ConfigDiff diff = ConfigDiff.between(FULL, updated);

        assertEquals(List.of(
                "~ routing.bgp.announce: true -> false",
                "~ routing.bgp.neighbours[1].as: 64500 -> 64501",
                "~ routing.bird.socket: /run/trunkline/bird.ctl -> /run/bird/bird.ctl (restart)"), describe(diff));
    }

    private static List<String> describe(ConfigDiff diff) {
        return diff.changes().stream().map(ConfigDiff.Change::describe).toList();
    }

    private static TrunklineConfig load(String yaml) {
        try {
            return ConfigLoader.parse("cfg.yaml", yaml);
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
