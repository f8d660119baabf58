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
        assertTrue(lines.contains("range 0 tcp flag set syn"), pkt);
        assertTrue(lines.indexOf("range 0 tcp flag clr all") < lines.indexOf("range 0 tcp flag set syn"), pkt);
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
    void udpScenariosSendLatencyProbesOnOneOfTheirFlowsToTheVip() {
        List<String> lines = PktgenScripts.commands(Scenarios.named("established-16k"), 100).lines().toList();
        assertTrue(lines.containsAll(List.of("set 0 src ip 198.18.0.1/24", "set 0 dst ip 198.19.0.1", "set 0 sport 1024", "set 0 dport 80",
                "set 0 proto udp")), lines.toString());
        assertTrue(lines.indexOf("set 0 dport 80") < lines.indexOf("enable 0 latency"), lines.toString()); // probes copy the flow when enabled
        assertFalse(PktgenScripts.commands(Scenarios.named("syn-storm"), 100).contains("latency"));   // the VIP forwards TCP only
    }

    @Test
    void driverLoadsTheCommandsSaysWhenItSendsAndStopsOnRequest() {
        String lua = PktgenScripts.driver(Scenarios.named("established-16k"), "/tmp/x.pkt", "/tmp/x.stop", "/tmp/x.stopped", "/tmp/x.lat", 5);
        List<String> lines = lua.lines().toList();
        assertTrue(lines.indexOf("pktgen.load(\"/tmp/x.pkt\")") < lines.indexOf("pktgen.start(\"0\")"), lua);
        assertTrue(lines.indexOf("pktgen.start(\"0\")") < lines.indexOf("print(\"pktgen_sending\")"), lua);
        assertTrue(lines.contains("for i = 1, 5 do"), lua);
        assertTrue(lines.contains("  print(string.format(\"pktgen_opackets %d\", pktgen.portStats(\"0\", \"port\")[0].opackets))"), lua);
        assertTrue(lines.contains("  local stop = io.open(\"/tmp/x.stop\", \"r\")"), lua);
        assertTrue(lines.contains("pktgen.latsampler_params(\"0\", \"simple\", 50000, 1000, \"/tmp/x.lat\")"), lua);
        assertTrue(lines.indexOf("pktgen.latsampler(\"0\", \"stop\")") < lines.indexOf("pktgen.quit()"), lua); // writes the samples
        // Says it stopped sending only once the samples are written, and leaves a second after.
        assertTrue(lines.indexOf("pktgen.latsampler(\"0\", \"stop\")") < lines.indexOf("local stopped = io.open(\"/tmp/x.stopped\", \"w\")"), lua);
        assertTrue(lines.indexOf("pktgen.stop(\"0\")") < lines.indexOf("local stopped = io.open(\"/tmp/x.stopped\", \"w\")"), lua);
        assertEquals(lines.indexOf("pktgen.quit()") - 1, lines.indexOf("pktgen.delay(1000)"), lua);
        assertFalse(PktgenScripts.driver(Scenarios.named("syn-storm"), "/tmp/x.pkt", "/tmp/x.stop", "/tmp/x.stopped", "/tmp/x.lat", 5).contains("latsampler"));
    }

    @Test
    void generatorRatesAreTheFullSecondsItSent() {
        String output = "pktgen_opackets 0\npktgen_opackets 0\npktgen_opackets 500000\npktgen_opackets 2000000\n"
                + "\u001b[1;1HPktgen:/> pktgen_opackets 9\npktgen_opackets 4000000\r\npktgen_opackets 4100000\npktgen_opackets 4100000\n";
        assertArrayEquals(new double[] {1.5, 2.0}, PktgenGenerator.perSecondMpps(output), 1e-9);
        assertArrayEquals(new double[0], PktgenGenerator.perSecondMpps("pktgen_opackets 0\npktgen_opackets 7\n"), 1e-9);
    }

    @Test
    void latencySamplesBecomeNearestRankPercentiles() {
        long[] nanos = PktgenGenerator.latencyNanos("Latency\n" + "1000\n".repeat(98) + "250000\n2000000\n");
        Latency latency = new Latency(nanos);
        assertEquals(100, latency.samples());
        assertEquals(1.0, latency.micros(50), 1e-9);
        assertEquals(250.0, latency.micros(99), 1e-9);
        assertEquals(2000.0, latency.micros(100), 1e-9);
        assertEquals(List.of("p50", "p90", "p99", "p99.9", "p100"), List.copyOf(latency.percentilesMicros().keySet()));
        assertTrue(new Latency(PktgenGenerator.latencyNanos("Latency\n")).isEmpty());
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
