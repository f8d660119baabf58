package io.trunkline.fastpath.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.trunkline.fastpath.pcap.SyntheticTraffic.Family;
import io.trunkline.fastpath.pcap.SyntheticTraffic.Pattern;
import io.trunkline.fastpath.pcap.SyntheticTraffic.Traffic;
import io.trunkline.fastpath.testing.Tshark;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench captures as tshark decodes them: addresses, ports, flags, sizes and valid checksums. */
class SyntheticTrafficTest {
    @TempDir
    Path dir;

    @Test
    void udpIpv4FramesOfOneSizeOnePerFlow() throws Exception {
        List<String[]> rows = decode(new Traffic(Family.IPV4, Pattern.UDP, 20000, 512, 0),
                "frame.len", "ip.src", "ip.dst", "udp.srcport", "udp.dstport", "ip.checksum.status", "udp.checksum.status");
        assertEquals(20000, rows.size());
        assertEquals("512|198.18.0.1|198.19.0.1|1024|80|1|1", String.join("|", rows.get(0)));
        assertEquals("512|198.18.0.2|198.19.0.1|1024|80|1|1", String.join("|", rows.get(16384)));
        assertEquals(20000, distinct(rows, 1, 3));
    }

    @Test
    void synStormIpv6EveryFrameANewFlowsSyn() throws Exception {
        List<String[]> rows = decode(new Traffic(Family.IPV6, Pattern.TCP_SYN, 1000, 64, 16384),
                "frame.len", "ipv6.src", "ipv6.dst", "tcp.srcport", "tcp.flags.str", "tcp.checksum.status", "tcp.len");
        assertEquals(1000, rows.size());
        assertEquals("74|2001:2::1:0:1|2001:2:0:ff::1|1024|··········S·|1|0", String.join("|", rows.get(0)));
        assertEquals(1000, distinct(rows, 1, 3));
    }

    @Test
    void shortConnectionsOpenCarryDataAndClose() throws Exception {
        List<String[]> rows = decode(new Traffic(Family.IPV4, Pattern.TCP_SHORT, 100, 512, 0),
                "tcp.srcport", "tcp.flags.str", "frame.len", "tcp.len", "tcp.checksum.status");
        assertEquals(500, rows.size());
        assertEquals("1024|··········S·|60|0|1", String.join("|", rows.get(0)));
        assertEquals("1024|·······A····|60|0|1", String.join("|", rows.get(64)));
        assertEquals("1024|·······AP···|512|458|1", String.join("|", rows.get(128)));
        assertEquals("1024|·······A···F|60|0|1", String.join("|", rows.get(256)));
        assertEquals("1088|··········S·|60|0|1", String.join("|", rows.get(320)));
    }

    @Test
    void followingTrafficSharesNoFlow() {
        Traffic first = new Traffic(Family.IPV4, Pattern.TCP_SYN, 100, 64, 0);
        assertEquals(100, first.following(50).firstFlow());
        assertThrows(IllegalArgumentException.class, () -> new Traffic(Family.IPV4, Pattern.UDP, 1, 1515, 0));
    }

    private List<String[]> decode(Traffic traffic, String... fields) throws Exception {
        Path file = dir.resolve("capture.pcap");
        assertEquals(traffic.packets(), SyntheticTraffic.write(file, traffic));
        return Tshark.fields(file, fields);
    }

    private static int distinct(List<String[]> rows, int addressColumn, int portColumn) {
        Set<String> flows = new HashSet<>();
        rows.forEach(r -> flows.add(r[addressColumn] + ":" + r[portColumn]));
        return flows.size();
    }
}
