package io.trunkline.controlplane.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Pktgen command files make the scenarios' flows; the generator choice follows what is installed and what each can make. */
class PktgenScriptsTest {
    @Test
    void synStormRangesCountThroughTheScenariosClientsAndPorts() {
        String pkt = PktgenScripts.commands(Scenarios.named("syn-storm"), 100);
        List<String> lines = pkt.lines().toList();
        assertTrue(lines.contains("range 0 src ip min 198.18.0.1"), pkt);
        assertTrue(lines.contains("range 0 src ip max 198.18.0.64"), pkt);   // 1 M flows / 16384 ports
        assertTrue(lines.contains("range 0 src port max 17406"), pkt);       // 16383 ports, coprime with 64 addresses
        assertTrue(lines.contains("# 1048512 distinct flows: 64 source addresses x 16383 source ports"), pkt);
        assertTrue(lines.contains("range 0 dst ip start 198.19.0.1"), pkt);
        assertTrue(lines.contains("range 0 dst port start 80"), pkt);
        assertTrue(lines.contains("range 0 proto tcp"), pkt);
        assertTrue(lines.contains("range 0 tcp flags syn"), pkt);
        assertTrue(lines.contains("range 0 size start 68"), pkt);            // 64 bytes + FCS
        assertTrue(lines.contains("set 0 dst mac 02:00:00:00:00:02"), pkt);
        assertTrue(lines.contains("enable 0 range"), pkt);
    }

    /** The command files shipped for operators (bench/pktgen/) are the ones the bench writes. */
    @Test
    void shippedCommandFilesAreTheScenarios() throws Exception {
        Path dir = Path.of(System.getProperty("trunkline.repo", "..")).resolve("bench/pktgen");
        for (Scenario s : Scenarios.all()) {
            Path file = dir.resolve(s.name() + ".pkt");
            if (Boolean.getBoolean("trunkline.pktgen.write")) {
                Files.writeString(file, PktgenScripts.commands(s, 100));
            }
            assertEquals(PktgenScripts.commands(s, 100), Files.readString(file), file + " (rewrite: -Dtrunkline.pktgen.write=true)");
        }
    }

    @Test
    void ipv6AndShortConnectionsReplayTheCapture() {
        for (String name : List.of("established-16k-ipv6", "short-connections")) {
            String pkt = PktgenScripts.commands(Scenarios.named(name), 100);
            assertFalse(pkt.contains("range 0"), pkt);
            assertTrue(pkt.contains("enable 0 pcap"), pkt);
        }
    }

    @Test
    void driverLoadsTheCommandsAndReportsTheTransmitCounter() {
        String lua = PktgenScripts.driver("/tmp/x.pkt", 5);
        assertTrue(lua.contains("pktgen.load(\"/tmp/x.pkt\")"), lua);
        assertTrue(lua.contains("for i = 1, 5 do"), lua);
        assertTrue(lua.contains("pktgen_opackets"), lua);
        assertArrayEquals(new double[] {1.5, 2.0}, PktgenGenerator.perSecondMpps("pktgen_opackets 0\npktgen_opackets 1500000\n"
                + "pktgen_opackets -1\npktgen_opackets 3500000\n"), 1e-9);
    }

    @Test
    void theFirstInstalledGeneratorThatMakesTheScenarioIsChosen() {
        List<Generator> generators = List.of(new PktgenGenerator("/nonexistent/pktgen"), new TestpmdGenerator(), new ReplayGenerator());
        String testpmd = Generator.onPath(Testpmd.BINARY) ? "testpmd-txonly" : "replay";
        assertEquals(testpmd, Generator.choose(generators, Scenarios.named("established-256")).name());
        assertEquals("replay", Generator.choose(generators, Scenarios.named("established-16k")).name());
        assertEquals("replay", Generator.choose(generators, Scenarios.named("syn-storm")).name());
    }

    @Test
    void testpmdRatesComeFromItsPortStatistics() {
        String stats = "  Rx-pps:            0          Rx-bps: 0\n  Rx-pps:      1000000          Rx-bps: 1\n"
                + "  Rx-pps:      2000000          Rx-bps: 1\n  Tx-pps:      5          Tx-bps: 1\n  Rx-pps:      3000000    Rx-bps: 1\n";
        assertArrayEquals(new double[] {2.0, 3.0}, Testpmd.rxMpps(stats, 1), 1e-9);
    }
}
