package io.trunkline.fastpath.worker;

import static io.trunkline.fastpath.worker.WorkerHarness.MAX_BACKENDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trunkline.fastpath.counters.CounterLayout;
import io.trunkline.fastpath.fate.DropReasons;
import io.trunkline.fastpath.host.OwnAddresses;
import io.trunkline.fastpath.packet.Headers;
import io.trunkline.fastpath.packet.IpAddresses;
import io.trunkline.fastpath.packet.MacAddress;
import io.trunkline.fastpath.packet.Verdict;
import io.trunkline.fastpath.pcap.PcapReader;
import io.trunkline.fastpath.select.Backend;
import io.trunkline.fastpath.select.Policy;
import io.trunkline.fastpath.select.SelectionSnapshot;
import io.trunkline.fastpath.select.SelectionTable;
import io.trunkline.fastpath.testing.PacketBuilder;
import io.trunkline.fastpath.testing.Tshark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traffic that once went wrong, replayed through a worker on a real DPDK port (net_pcap), what comes out decoded
 * by tshark: packets too big for a tunnel VIP, answered with ICMP for path-MTU discovery; three VLAN tags, taken as
 * the docs say; IPv4 options of impossible lengths, dropped before they reach a backend.
 */
class OffendingTrafficTest {
    private static final String OWN = "198.18.1.2";
    private static final String GUE_VIP = "198.19.0.3";
    private static final String IPIP_VIP = "198.19.0.4";
    private static final String GUE_VIP6 = "2001:2::53";
    private static final String DSR_VIP = "198.19.0.1";
    private static final String CLIENT = "198.18.0.9";
    private static final String CLIENT6 = "2001:2::9";
    private static final long BACKEND_MAC = 0x02_00_00_00_10_06L;
    private static final int MTU = 1500;

    @TempDir
    Path dir;

    /** VIP 0: UDP GUE_VIP:53 by GUE, 1: TCP IPIP_VIP:80 by IP-in-IP, 2: UDP [GUE_VIP6]:53 by GUE, 3: TCP DSR_VIP:80 by DSR; all to backend 6. */
    private static ForwardingTable table() {
        SelectionTable one = SelectionTable.build(Policy.MAGLEV, List.of(new Backend(6, "dns-6", 1)), SelectionTable.tableSizeFor(MAX_BACKENDS));
        IpAddresses.Ipv6Address vip6 = IpAddresses.parseIpv6(GUE_VIP6);
        return ForwardingTable.builder().version(1)
                .selection(SelectionSnapshot.empty().with(0, one).with(1, one).with(2, one).with(3, one))
                .tunnelSource(IpAddresses.parseIpv4(OWN))
                .ownAddresses(OwnAddresses.builder().ipv4(0, IpAddresses.parseIpv4(OWN)).build())
                .vip(new ForwardingTable.Vip(0, "dns", Headers.PROTOCOL_UDP, 0, v4(GUE_VIP), 53, ForwardingMode.GUE))
                .vip(new ForwardingTable.Vip(1, "web", Headers.PROTOCOL_TCP, 0, v4(IPIP_VIP), 80, ForwardingMode.IPIP))
                .vip(new ForwardingTable.Vip(2, "dns6", Headers.PROTOCOL_UDP, vip6.high(), vip6.low(), 53, ForwardingMode.GUE))
                .vip(new ForwardingTable.Vip(3, "dsr", Headers.PROTOCOL_TCP, 0, v4(DSR_VIP), 80, ForwardingMode.DSR))
                .target(new ForwardingTable.Target(6, BACKEND_MAC, 0, v4("198.18.4.6"), 53), Headers.PROTOCOL_UDP, -1)
                .target(new ForwardingTable.Target(6, BACKEND_MAC, 0, v4("198.18.4.6"), 80), Headers.PROTOCOL_TCP, -1)
                .build();
    }

    private static long v4(String address) {
        return ForwardingTable.ipv4Low(IpAddresses.parseIpv4(address));
    }

    /** A UDP datagram of {@code ipLength} bytes to the IPv4 GUE VIP. */
    private static PacketBuilder datagram(int ipLength) {
        return PacketBuilder.ipv4(CLIENT, GUE_VIP).udp(5353, 53).payload(new byte[ipLength - 28]);
    }

    @Test
    void aPacketTooBigForItsTunnelIsAnsweredWithIcmpThatCarriesTheTunnelsMtu() throws Exception {
        byte[] gueDf = datagram(MTU).dontFragment().build();
        byte[] ipipDf = PacketBuilder.ipv4(CLIENT, IPIP_VIP).dontFragment().tcp(40_000, 80, Headers.Tcp.ACK).payload(new byte[1490 - 40]).build();
        byte[] v6 = PacketBuilder.ipv6(CLIENT6, GUE_VIP6).udp(5353, 53).payload(new byte[MTU - 48]).build();
        byte[] fits = datagram(MTU - 32).dontFragment().build();
        byte[] fragmentable = datagram(MTU).build();
        try (WorkerHarness h = new WorkerHarness(dir, table())) {
            Path out = h.run(List.of(gueDf, ipipDf, v6, fits, fragmentable));

            List<String[]> rows = Tshark.fields(out, "eth.dst", "eth.src", "ip.src", "ip.dst", "icmp.type", "icmp.code", "icmp.mtu",
                    "ip.checksum.status", "icmp.checksum.status", "udp.srcport", "tcp.srcport");
            assertEquals(4, rows.size(), "three answers and the datagram that fits; the fragmentable one is dropped");
            assertTooBigV4(rows.get(0), "3", "1468", "5353", "");
            assertTooBigV4(rows.get(1), "3", "1480", "", "40000");
            String[] fit = rows.get(3);
            assertEquals(MacAddress.format(BACKEND_MAC), fit[0], "what fits goes to the backend");
            assertEquals("198.18.4.6", fit[3]);

            List<String[]> v6Rows = Tshark.fields(out, "eth.dst", "ipv6.src", "ipv6.dst", "icmpv6.type", "icmpv6.code", "icmpv6.mtu",
                    "icmpv6.checksum.status", "frame.len");
            String[] tooBig6 = v6Rows.get(2);
            assertEquals(MacAddress.format(PacketBuilder.CLIENT_MAC), tooBig6[0]);
            assertEquals(GUE_VIP6 + "|" + CLIENT6, tooBig6[1] + "|" + tooBig6[2], "from the VIP: the port has no IPv6 address of its own");
            assertEquals("2|0|1468|1", tooBig6[3] + "|" + tooBig6[4] + "|" + tooBig6[5] + "|" + tooBig6[6], "packet too big, MTU, checksum");
            assertEquals(String.valueOf(14 + 1280), tooBig6[7], "as much of the packet as fits in the IPv6 minimum MTU");

            List<byte[]> sent = PcapReader.readAll(out);
            assertArrayEquals(Arrays.copyOfRange(gueDf, 14, 14 + 28), Arrays.copyOfRange(sent.get(0), 14 + 28, 14 + 56),
                    "the quote is the original IP header and 8 bytes of its data");
            assertArrayEquals(Arrays.copyOfRange(v6, 14, 14 + 1232), Arrays.copyOfRange(sent.get(2), 14 + 48, 14 + 1280));
            assertEquals(3, h.counter(CounterLayout.ICMP_TOO_BIG_SENT));
            assertEquals(1, h.drops(Verdict.EXCEEDS_MTU.code()));
        }
    }

    private static void assertTooBigV4(String[] row, String type, String mtu, String udpPort, String tcpPort) {
        assertEquals(MacAddress.format(PacketBuilder.CLIENT_MAC), row[0], "back to the router it came from");
        assertEquals(MacAddress.format(WorkerHarness.PORT_MAC), row[1]);
        assertEquals(OWN + "|" + CLIENT, row[2] + "|" + row[3], "from the dispatcher's own address, as a router answers");
        assertEquals(type + "|4|" + mtu, row[4] + "|" + row[5] + "|" + row[6], "frag-needed with the MTU inside the tunnel");
        assertEquals("1|1", row[7] + "|" + row[8], "IP and ICMP checksums");
        assertEquals(udpPort + "|" + tcpPort, row[9] + "|" + row[10], "the quoted transport header");
    }

    @Test
    void aFloodOfTooBigPacketsIsAnsweredOnlyWithinTheRate() throws Exception {
        int flood = Rewrites.TOO_BIG_BURST + 30;
        List<byte[]> frames = new ArrayList<>(Collections.nCopies(flood, datagram(MTU).dontFragment().build()));
        try (WorkerHarness h = new WorkerHarness(dir, table())) {
            List<String[]> rows = Tshark.fields(h.run(frames), "icmp.type");
            assertEquals(Rewrites.TOO_BIG_BURST, rows.size(), "the clock stands still: one burst of answers, no refill");
            assertEquals(Rewrites.TOO_BIG_BURST, h.counter(CounterLayout.ICMP_TOO_BIG_SENT));
            assertEquals(30, h.drops(DropReasons.TOO_BIG_RATE_LIMIT), "the rest counted as suppressed");
        }
    }

    @Test
    void threeVlanTagsAreTakenAndKeptAFourthIsDropped() throws Exception {
        PacketBuilder twoTags = PacketBuilder.ipv4(CLIENT, DSR_VIP).vlan(Headers.ETHERTYPE_QINQ, 10).vlan(Headers.ETHERTYPE_QINQ, 20);
        byte[] three = twoTags.vlan(Headers.ETHERTYPE_VLAN, 30).tcp(40_000, 80, Headers.Tcp.SYN).build();
        byte[] four = PacketBuilder.ipv4(CLIENT, DSR_VIP).vlan(Headers.ETHERTYPE_QINQ, 10).vlan(Headers.ETHERTYPE_QINQ, 20)
                .vlan(Headers.ETHERTYPE_VLAN, 30).vlan(Headers.ETHERTYPE_VLAN, 40).tcp(40_001, 80, Headers.Tcp.SYN).build();
        try (WorkerHarness h = new WorkerHarness(dir, table())) {
            Path out = h.run(List.of(three, four));
            List<String[]> rows = Tshark.fields(out, "eth.dst", "vlan.id", "ip.dst", "tcp.srcport");
            assertEquals(1, rows.size(), "the frame with four tags is dropped");
            assertEquals(MacAddress.format(BACKEND_MAC) + "|" + DSR_VIP + "|40000", rows.get(0)[0] + "|" + rows.get(0)[2] + "|" + rows.get(0)[3]);
            byte[] sent = PcapReader.readAll(out).get(0);
            assertArrayEquals(Arrays.copyOfRange(three, 12, 26), Arrays.copyOfRange(sent, 12, 26), "the three tags go out as they came");
            assertEquals(1, h.drops(Verdict.BAD_VLAN.code()));
            assertEquals(1, h.counter(CounterLayout.SESSIONS_NEW));
        }
    }

    @Test
    void ipv4OptionsOfImpossibleLengthsAreDroppedWellFormedOnesForwarded() throws Exception {
        byte[][] malformed = {{1, 7, 0, 0}, {7, 1, 0, 0}, {1, 7, 7, 4}, {1, 1, 1, 7}}; // length 0, 1, past the header, no length byte
        List<byte[]> frames = new ArrayList<>();
        for (byte[] options : malformed) {
            frames.add(PacketBuilder.ipv4(CLIENT, GUE_VIP).ipv4Options(options).udp(5353, 53).payload(new byte[20]).build());
            frames.add(PacketBuilder.ipv4(CLIENT, DSR_VIP).ipv4Options(options).tcp(40_000, 80, Headers.Tcp.SYN).build());
        }
        byte[] routerAlert = PacketBuilder.ipv4(CLIENT, GUE_VIP).ipv4Options(new byte[] {(byte) 0x94, 4, 0, 0}).udp(5353, 53)
                .payload(new byte[20]).build();
        frames.add(routerAlert);
        try (WorkerHarness h = new WorkerHarness(dir, table())) {
            List<String[]> rows = Tshark.fields(h.run(frames), "ip.dst");
            assertEquals(1, rows.size(), "only the packet with a well-formed option goes out");
            assertEquals("198.18.4.6", rows.get(0)[0], "encapsulated for the backend");
            assertEquals(2 * malformed.length, h.drops(Verdict.BAD_IPV4_OPTIONS.code()));
            assertEquals(1, h.counter(CounterLayout.SESSIONS_NEW), "the router-alert datagram opened the one session");
        }
    }
}
