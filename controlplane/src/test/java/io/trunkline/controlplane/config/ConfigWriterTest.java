package io.trunkline.controlplane.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWriterTest {
    @Test
    void fullConfigRoundTrips() throws Exception {
        TrunklineConfig loaded = ConfigLoader.parse("full.yaml", Configs.FULL);

        String written = ConfigWriter.toYaml(loaded);

        assertEquals(loaded, ConfigLoader.parse("saved.yaml", written));
        assertEquals(written, ConfigWriter.toYaml(ConfigLoader.parse("saved.yaml", written)), "writing is stable");
    }

    @Test
    void minimalConfigIsSavedWithEveryDefaultSpelledOut() throws Exception {
        TrunklineConfig loaded = ConfigLoader.parse("minimal.yaml", Configs.MINIMAL);

        String written = ConfigWriter.toYaml(loaded);

        assertEquals(loaded, ConfigLoader.parse("saved.yaml", written));
        assertTrue(written.contains("\ntimeouts: {tcp_syn: 10s, tcp_established: 5m, tcp_closing: 2s, udp: 30s}\n"), written);
        assertTrue(written.contains("\n  batch_delay: 20us\n"), written);
        assertTrue(written.contains("\n    health: {type: tcp, interval: 2s, timeout: 1s, rise: 2, fall: 3}\n"), written);
        assertFalse(written.contains("expect:"), "HTTP keys only for HTTP checks: " + written);
        assertFalse(written.contains("cluster_key_file"), "no key file without peers: " + written);
        assertFalse(written.contains("memory_size"), "no memory size when the EAL takes what it finds: " + written);
        assertTrue(written.contains("\nrouting:\n  bfd: {tx_interval: 100ms, rx_interval: 100ms, multiplier: 3}\n"), written);
        assertFalse(written.contains("bgp:"), "no BGP unless configured: " + written);
    }

    @Test
    void valuesAreWrittenTheWayAnOperatorWouldWriteThem() throws Exception {
        String written = ConfigWriter.toYaml(ConfigLoader.parse("full.yaml", Configs.FULL));

        assertTrue(written.contains("\n  memory_size: 2GiB\n"), written);
        assertTrue(written.contains("\n    addresses: [198.18.1.2/24, '2001:2::2/64']\n"), written);
        assertTrue(written.contains("\n    device: '0000:03:00.0'\n"), written);
        assertTrue(written.contains("\n  listen: 198.18.2.1:7400\n"), written);
        assertTrue(written.contains("\n  lcores: [1, 2]\n"), written);
        assertTrue(written.contains("\n      - {address: 198.18.1.1, as: 64500, password_file: /etc/trunkline/bgp-router-a.password, "
                + "source: 198.18.1.2}\n"), written);
        assertTrue(written.contains("\n    hold_time: 9s\n"), written);
        assertTrue(written.contains("\n  - {name: web6, address: '2001:9::1', port: 443, protocol: tcp, mode: ipip, policy: wlc, "
                + "pool: web}\n"), written);
        assertTrue(written.contains("\n      - {name: web2, id: 2, address: 198.18.3.11, weight: 0, max_connections: 0, "
                + "mac: '02:00:00:00:03:0b', state: drain}\n"), written);
    }

    @Test
    void writeReplacesTheFileWholeAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("trunkline.yaml"), "old contents\n");
        TrunklineConfig config = ConfigLoader.parse("full.yaml", Configs.FULL);

        ConfigWriter.write(config, file);

        assertEquals(config, ConfigLoader.load(file));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }
}
