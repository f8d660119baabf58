package io.trunkline.fastpath.packet;

import io.trunkline.fastpath.testing.ReferenceChecksum;
import io.trunkline.fastpath.testing.PacketBuilder;
import static io.trunkline.fastpath.packet.IpAddresses.parseIpv4;
import static io.trunkline.fastpath.packet.IpAddresses.parseIpv6;
import static io.trunkline.fastpath.packet.PacketParserTest.CLIENT;
import static io.trunkline.fastpath.packet.PacketParserTest.CLIENT6;
import static io.trunkline.fastpath.packet.PacketParserTest.VIP;
import static io.trunkline.fastpath.packet.PacketParserTest.VIP6;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.bindings.dpdk.DpdkConstants;
import io.trunkline.fastpath.packet.Headers.Icmp;
import io.trunkline.fastpath.packet.Headers.Tcp;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NAT fixtures: the input frame is built with the VIP, the expected frame is built from scratch with the
 * backend (so its checksums come from the reference implementation), and the rewritten bytes must equal it.
 */
class NatRewriterTest {
    static final String BACKEND = "198.19.0.10";
    static final String BACKEND6 = "2001:2:0:10::a";
    static final byte[] PAYLOAD = "an odd-length payload".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** A packet shape, built between two endpoints given as address text and port. */
    record Shape(String name, boolean ipv6, Endpoints build) {
        @Override
        public String toString() {
            return name;
        }
    }

    @FunctionalInterface
    interface Endpoints {
        byte[] build(String source, int sourcePort, String destination, int destinationPort);
    }

    static Shape v4(String name, BiFunction<PacketBuilder, int[], PacketBuilder> shape) {
        return new Shape(name, false, (s, sp, d, dp) -> shape.apply(PacketBuilder.ipv4(s, d), new int[] {sp, dp}).build());
    }

    static Shape v6(String name, BiFunction<PacketBuilder, int[], PacketBuilder> shape) {
        return new Shape(name, true, (s, sp, d, dp) -> shape.apply(PacketBuilder.ipv6(s, d), new int[] {sp, dp}).build());
    }

    static List<Shape> shapes() {
        return List.of(
                v4("ipv4 tcp", (b, p) -> b.tcp(p[0], p[1], Tcp.ACK).payload(PAYLOAD)),
                v4("ipv4 tcp in QinQ with options", (b, p) -> b.vlan(Headers.ETHERTYPE_QINQ, 3).vlan(Headers.ETHERTYPE_VLAN, 4)
                        .ipv4Options(new byte[] {1, 1, 1, 1}).tcp(p[0], p[1], Tcp.SYN)),
                v4("ipv4 udp", (b, p) -> b.udp(p[0], p[1]).payload(PAYLOAD)),
                v4("ipv4 udp first fragment", (b, p) -> b.fragment(0, true).udp(p[0], p[1]).payload(new byte[64])),
                v4("ipv4 non-first fragment", (b, p) -> b.fragment(72, false).rawTransport(Headers.PROTOCOL_UDP, PAYLOAD)),
                v4("ipv4 icmp echo", (b, p) -> b.icmp(Icmp.V4_ECHO_REQUEST, 0, 0x00420001, PAYLOAD)),
                v6("ipv6 tcp", (b, p) -> b.tcp(p[0], p[1], Tcp.PSH | Tcp.ACK).payload(PAYLOAD)),
                v6("ipv6 udp after extension headers", (b, p) -> b.ipv6Extension(Headers.PROTOCOL_HOP_BY_HOP, 0)
                        .ipv6Extension(Headers.PROTOCOL_DESTINATION_OPTIONS, 1).udp(p[0], p[1]).payload(PAYLOAD)),
                v6("ipv6 icmpv6 echo", (b, p) -> b.icmp(Icmp.V6_ECHO_REQUEST, 0, 0x00070001, PAYLOAD)));
    }

    static Stream<Shape> shapeStream() {
        return shapes().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapeStream")
    void inboundRewritesDestinationToBackend(Shape shape) {
        String vip = shape.ipv6() ? VIP6 : VIP;
        String client = shape.ipv6() ? CLIENT6 : CLIENT;
        String backend = shape.ipv6() ? BACKEND6 : BACKEND;
        byte[] frame = shape.build().build(client, 40000, vip, 80);
        PacketParser view = parse(frame);
        NatRewriter nat = new NatRewriter();
        if (shape.ipv6()) {
            nat.rewriteDestination(view, parseIpv6(backend).high(), parseIpv6(backend).low(), 8080);
        } else {
            nat.rewriteDestination(view, parseIpv4(backend), 8080);
        }
        assertArrayEquals(shape.build().build(client, 40000, backend, 8080), frame);
        PacketParser reparsed = parse(frame);
        assertEquals(reparsed.destinationPort(), view.destinationPort());
        assertEquals(reparsed.ipv4Destination(), view.ipv4Destination());
        assertEquals(reparsed.ipv6DestinationLow(), view.ipv6DestinationLow());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapeStream")
    void returnPathRewritesSourceToVip(Shape shape) {
        String vip = shape.ipv6() ? VIP6 : VIP;
        String client = shape.ipv6() ? CLIENT6 : CLIENT;
        String backend = shape.ipv6() ? BACKEND6 : BACKEND;
        byte[] frame = shape.build().build(backend, 8080, client, 40000);
        PacketParser view = parse(frame);
        NatRewriter nat = new NatRewriter();
        if (shape.ipv6()) {
            nat.rewriteSource(view, parseIpv6(vip).high(), parseIpv6(vip).low(), 80);
        } else {
            nat.rewriteSource(view, parseIpv4(vip), 80);
        }
        assertArrayEquals(shape.build().build(vip, 80, client, 40000), frame);
    }

    @Test
    void udpWithoutChecksumStaysWithoutChecksum() {
        byte[] frame = PacketBuilder.ipv4(CLIENT, VIP).udp(5000, 53).payload(PAYLOAD).build();
        PacketBuilder.put16(frame, 14 + 20 + 6, 0);
        new NatRewriter().rewriteDestination(parse(frame), parseIpv4(BACKEND), 5353);
        assertEquals(0, PacketBuilder.get16(frame, 14 + 20 + 6));
        assertEquals(5353, PacketBuilder.get16(frame, 14 + 20 + 2));
        assertTrue(ReferenceChecksum.ipv4HeaderValid(frame, 14));
    }

    /** Random addresses, ports and payloads: after each rewrite both checksums verify from scratch. */
    @Test
    void randomRewritesKeepChecksumsValid() {
        Random random = new Random(7);
        NatRewriter nat = new NatRewriter();
        for (int i = 0; i < 2_000; i++) {
            boolean ipv6 = random.nextBoolean();
            boolean tcp = random.nextBoolean();
            byte[] payload = new byte[random.nextInt(40)];
            random.nextBytes(payload);
            String source = ipv6 ? randomIpv6(random) : IpAddresses.formatIpv4(random.nextInt());
            String destination = ipv6 ? randomIpv6(random) : IpAddresses.formatIpv4(random.nextInt());
            PacketBuilder builder = ipv6 ? PacketBuilder.ipv6(source, destination) : PacketBuilder.ipv4(source, destination);
            int sourcePort = random.nextInt(65536);
            int destinationPort = random.nextInt(65536);
            byte[] frame = (tcp ? builder.tcp(sourcePort, destinationPort, Tcp.ACK) : builder.udp(sourcePort, destinationPort))
                    .payload(payload).build();
            PacketParser view = parse(frame);
            if (ipv6) {
                nat.rewriteDestination(view, random.nextLong(), random.nextLong(), random.nextInt(65536));
                nat.rewriteSource(view, random.nextLong(), random.nextLong(), random.nextInt(65536));
            } else {
                nat.rewriteDestination(view, random.nextInt(), random.nextInt(65536));
                nat.rewriteSource(view, random.nextInt(), random.nextInt(65536));
                assertTrue(ReferenceChecksum.ipv4HeaderValid(frame, 14));
            }
            assertTrue(ReferenceChecksum.transportValid(frame, 14, view.l4Offset(), view.l3End(), view.protocol()), "case " + i);
            assertTrue(Checksums.transportChecksumValid(parse(frame)), "case " + i);
        }
    }

    /** With offloads the NIC finishes the job: emulate it and compare with a checksum computed from scratch. */
    @Test
    void offloadLeavesWhatTheNicNeeds() {
        byte[] frame = PacketBuilder.ipv4(CLIENT, VIP).vlan(Headers.ETHERTYPE_VLAN, 9).tcp(40000, 80, Tcp.ACK).payload(PAYLOAD).build();
        byte[] expected = PacketBuilder.ipv4(CLIENT, BACKEND).vlan(Headers.ETHERTYPE_VLAN, 9).tcp(40000, 8080, Tcp.ACK).payload(PAYLOAD).build();
        PacketParser view = parse(frame);
        NatRewriter nat = new NatRewriter(true);
        nat.rewriteDestination(view, parseIpv4(BACKEND), 8080);

        assertEquals(DpdkConstants.RTE_MBUF_F_TX_IPV4 | DpdkConstants.RTE_MBUF_F_TX_IP_CKSUM | DpdkConstants.RTE_MBUF_F_TX_TCP_CKSUM,
                nat.offloadFlags(view));
        assertEquals(18L | 20L << 7, NatRewriter.txOffload(view));
        int ip = 18;
        int l4 = ip + 20;
        assertEquals(0, PacketBuilder.get16(frame, ip + 10));
        PacketBuilder.put16(frame, ip + 10, ReferenceChecksum.checksum(frame, ip, 20, 0));
        PacketBuilder.put16(frame, l4 + 16, ReferenceChecksum.checksum(frame, l4, frame.length - l4, 0));
        assertArrayEquals(expected, frame);
    }

    @Test
    void offloadLeavesFragmentsAndIcmpToSoftware() {
        NatRewriter nat = new NatRewriter(true);
        byte[] fragment = PacketBuilder.ipv4(CLIENT, VIP).fragment(0, true).udp(1, 2).payload(new byte[32]).build();
        PacketParser view = parse(fragment);
        nat.rewriteDestination(view, parseIpv4(BACKEND), 3);
        assertEquals(DpdkConstants.RTE_MBUF_F_TX_IPV4 | DpdkConstants.RTE_MBUF_F_TX_IP_CKSUM, nat.offloadFlags(view));
        byte[] expected = PacketBuilder.ipv4(CLIENT, BACKEND).fragment(0, true).udp(1, 3).payload(new byte[32]).build();
        assertEquals(PacketBuilder.get16(expected, 14 + 20 + 6), PacketBuilder.get16(fragment, 14 + 20 + 6));

        byte[] echo6 = PacketBuilder.ipv6(CLIENT6, VIP6).icmp(Icmp.V6_ECHO_REQUEST, 0, 1, PAYLOAD).build();
        PacketParser view6 = parse(echo6);
        nat.rewriteDestination(view6, parseIpv6(BACKEND6).high(), parseIpv6(BACKEND6).low(), 0);
        assertEquals(DpdkConstants.RTE_MBUF_F_TX_IPV6, nat.offloadFlags(view6));
        assertArrayEquals(PacketBuilder.ipv6(CLIENT6, BACKEND6).icmp(Icmp.V6_ECHO_REQUEST, 0, 1, PAYLOAD).build(), echo6);
    }

    @Test
    void dsrChangesOnlyTheMacs() {
        byte[] frame = PacketBuilder.ipv4(CLIENT, VIP).vlan(Headers.ETHERTYPE_VLAN, 12).tcp(40000, 80, Tcp.SYN).build();
        long backendMac = MacAddress.parse("02:00:00:00:10:0a");
        long portMac = MacAddress.parse("02:00:00:00:00:fe");
        byte[] expected = PacketBuilder.ipv4(CLIENT, VIP).vlan(Headers.ETHERTYPE_VLAN, 12).macs(backendMac, portMac)
                .tcp(40000, 80, Tcp.SYN).build();
        PacketParser view = parse(frame);
        new DsrRewriter(portMac).rewrite(view, backendMac);
        assertArrayEquals(expected, frame);
        assertEquals(backendMac, view.destinationMac());
        assertEquals(portMac, view.sourceMac());
    }

    static PacketParser parse(byte[] frame) {
        PacketParser view = new PacketParser();
        assertEquals(Verdict.OK, view.parse(MemorySegment.ofArray(frame), 0, frame.length));
        return view;
    }

    private static String randomIpv6(Random random) {
        return IpAddresses.formatIpv6(random.nextLong(), random.nextLong());
    }
}
