package io.trunkline.fastpath.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.bindings.dpdk.Eal;
import io.trunkline.bindings.dpdk.EthDev;
import io.trunkline.bindings.dpdk.MbufPool;
import io.trunkline.fastpath.pcap.PcapReader;
import io.trunkline.fastpath.pcap.SyntheticTraffic;
import io.trunkline.fastpath.testing.TestEal;
import io.trunkline.fastpath.testing.Tshark;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real DPDK: a capture into net_pcap, the Java forwarder, net_pcap's output file read back independently. */
class PortForwarderTest {
    private static final int FRAMES = 1000;

    @BeforeAll
    static void eal() {
        TestEal.start();
    }

    @Test
    void forwardsEveryFrameWithMacsSwapped(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.pcap");
        Path out = dir.resolve("out.pcap");
        SyntheticTraffic.writeUdpCapture(in, FRAMES, FRAMES, 128);

        long sent = forwardCapture("net_pcap_fwdtest", in, out, PortForwarder.Mode.MACSWAP);

        assertEquals(FRAMES, sent);
        List<String[]> rows = Tshark.fields(out, "eth.src", "eth.dst", "udp.srcport", "ip.dst", "frame.len");
        assertEquals(FRAMES, rows.size());
        Set<String> ports = new HashSet<>();
        for (String[] row : rows) {
            assertEquals("02:00:00:00:00:02", row[0], "source MAC is the old destination");
            assertEquals("02:00:00:00:00:01", row[1], "destination MAC is the old source");
            assertEquals("198.19.0.1", row[3]);
            assertEquals("128", row[4]);
            ports.add(row[2]);
        }
        assertEquals(FRAMES, ports.size(), "every flow's frame came out once");

        List<byte[]> input = PcapReader.readAll(in);
        List<byte[]> output = PcapReader.readAll(out);
        for (int i = 0; i < FRAMES; i++) {
            byte[] expected = input.get(i).clone();
            swap(expected);
            assertArrayEquals(expected, output.get(i), "frame " + i + " differs beyond its MACs");
        }
    }

    @Test
    void ioModeLeavesFramesUntouched(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.pcap");
        Path out = dir.resolve("out.pcap");
        SyntheticTraffic.writeUdpCapture(in, 64, 8, 60);

        assertEquals(64, forwardCapture("net_pcap_iotest", in, out, PortForwarder.Mode.IO));

        List<byte[]> input = PcapReader.readAll(in);
        List<byte[]> output = PcapReader.readAll(out);
        assertEquals(input.size(), output.size());
        for (int i = 0; i < input.size(); i++) {
            assertArrayEquals(input.get(i), output.get(i));
        }
    }

    @Test
    void portReportsWhatItCarried(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.pcap");
        SyntheticTraffic.writeUdpCapture(in, 10, 10, 100);
        String name = "net_pcap_stats";
        Eal.probeDevice(name + ",rx_pcap=" + in + ",tx_pcap=" + dir.resolve("out.pcap"));
        int port = EthDev.portByName(name);
        try (Arena arena = Arena.ofConfined(); MbufPool pool = MbufPool.create("stats", 1023, 0, MbufPool.DEFAULT_DATA_ROOM, 0)) {
            EthDev.configure(port, EthDev.PortConfig.queues(1), pool);
            EthDev.start(port);
            PortForwarder forwarder = new PortForwarder(port, 0, port, 0, PortForwarder.Mode.IO, arena);
            drive(forwarder, 10);
            EthDev.Stats stats = EthDev.stats(port);
            assertEquals(10, stats.ipackets());
            assertEquals(10, stats.opackets());
            assertEquals(1000, stats.ibytes());
            assertTrue(EthDev.xstats(port).containsKey("rx_good_packets"), "xstats names come through");
            assertEquals("net_pcap", EthDev.info(port).driverName());
            assertTrue(EthDev.link(port).up(), "a started pcap port reports link up");
            assertEquals(name, EthDev.name(port));
            EthDev.stop(port);
            EthDev.close(port);
            assertEquals(1023, pool.available(), "every mbuf went back to the pool");
        } finally {
            Eal.removeVirtualDevice(name);
        }
    }

    /** Runs one port from {@code in} to {@code out} until every frame went through; returns frames sent. */
    private static long forwardCapture(String name, Path in, Path out, PortForwarder.Mode mode) {
        Eal.probeDevice(name + ",rx_pcap=" + in + ",tx_pcap=" + out);
        int port = EthDev.portByName(name);
        try (Arena arena = Arena.ofConfined(); MbufPool pool = MbufPool.create(name, 4095, 0, MbufPool.DEFAULT_DATA_ROOM, 0)) {
            EthDev.configure(port, EthDev.PortConfig.queues(1), pool);
            EthDev.start(port);
            PortForwarder forwarder = new PortForwarder(port, 0, port, 0, mode, arena);
            drive(forwarder, countFrames(in));
            EthDev.stop(port);
            EthDev.close(port); // flushes the tx capture
            return forwarder.packets();
        } finally {
            Eal.removeVirtualDevice(name);
        }
    }

    /** Polls until {@code frames} went through; the bound only ends a broken run, it is not a timing assertion. */
    private static void drive(PortForwarder forwarder, long frames) {
        long giveUp = System.nanoTime() + 30_000_000_000L;
        while (forwarder.packets() < frames && System.nanoTime() < giveUp) {
            forwarder.doWork();
        }
    }

    private static long countFrames(Path capture) {
        try {
            return PcapReader.readAll(capture).size();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void swap(byte[] frame) {
        byte[] dst = java.util.Arrays.copyOfRange(frame, 0, 6);
        System.arraycopy(frame, 6, frame, 0, 6);
        System.arraycopy(dst, 0, frame, 6, 6);
    }
}
