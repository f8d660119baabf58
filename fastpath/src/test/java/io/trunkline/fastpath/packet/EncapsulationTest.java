package io.trunkline.fastpath.packet;

import io.trunkline.fastpath.testing.PacketBuilder;
import static io.trunkline.fastpath.packet.IpAddresses.parseIpv4;
import static io.trunkline.fastpath.packet.PacketParserTest.CLIENT;
import static io.trunkline.fastpath.packet.PacketParserTest.CLIENT6;
import static io.trunkline.fastpath.packet.PacketParserTest.VIP;
import static io.trunkline.fastpath.packet.PacketParserTest.VIP6;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.fastpath.packet.Headers.Tcp;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** IP-in-IP and GUE output decoded back: outer headers checked field by field, inner packet byte for byte. */
class EncapsulationTest {
    static final String DISPATCHER = "198.18.3.1";
    static final String BACKEND = "198.19.5.20";
    static final int HEADROOM = 64;
    static final int MTU = 1500;

    private final PacketParser view = new PacketParser();

    @Test
    void ipipCarriesIpv4AsProtocol4() {
        byte[] original = PacketBuilder.ipv4(CLIENT, VIP).vlan(Headers.ETHERTYPE_VLAN, 30).tos(0xB8).dontFragment()
                .tcp(40000, 80, Tcp.SYN).payload(new byte[11]).build();
        byte[] buffer = inHeadroom(original);
        IpIpEncapsulator ipip = new IpIpEncapsulator(parseIpv4(DISPATCHER), MTU);
        assertEquals(Verdict.OK, ipip.encapsulate(parse(buffer, HEADROOM, original.length), parseIpv4(BACKEND), HEADROOM));

        PacketParser outer = parseOk(buffer, HEADROOM - IpIpEncapsulator.OVERHEAD, original.length + IpIpEncapsulator.OVERHEAD);
        assertOuterIpv4(outer, Headers.PROTOCOL_IPIP, true, 0xB8);
        assertEquals(30, outer.outerVlanId());
        assertEquals(PacketBuilder.DISPATCHER_MAC, outer.destinationMac());
        assertArrayEquals(original, decapsulate(buffer, outer, 0));
    }

    @Test
    void ipipCarriesIpv6AsProtocol41WithDf() {
        byte[] original = PacketBuilder.ipv6(CLIENT6, VIP6).udp(5000, 443).payload(new byte[100]).build();
        byte[] buffer = inHeadroom(original);
        IpIpEncapsulator ipip = new IpIpEncapsulator(parseIpv4(DISPATCHER), MTU);
        assertEquals(Verdict.OK, ipip.encapsulate(parse(buffer, HEADROOM, original.length), parseIpv4(BACKEND), HEADROOM));

        PacketParser outer = parseOk(buffer, HEADROOM - IpIpEncapsulator.OVERHEAD, original.length + IpIpEncapsulator.OVERHEAD);
        assertOuterIpv4(outer, Headers.PROTOCOL_IPV6, true, 0);
        assertArrayEquals(original, decapsulate(buffer, outer, 0));
    }

    @Test
    void gueCarriesTheInnerPacketAfterUdpAndAFourByteHeader() {
        byte[] original = PacketBuilder.ipv4(CLIENT, VIP).tcp(40000, 80, Tcp.ACK).payload(new byte[7]).build();
        byte[] buffer = inHeadroom(original);
        GueEncapsulator gue = new GueEncapsulator(parseIpv4(DISPATCHER), MTU);
        int flowHash = 0x9E3779B9;
        assertEquals(Verdict.OK, gue.encapsulate(parse(buffer, HEADROOM, original.length), parseIpv4(BACKEND), flowHash, HEADROOM));

        PacketParser outer = parseOk(buffer, HEADROOM - GueEncapsulator.OVERHEAD, original.length + GueEncapsulator.OVERHEAD);
        assertOuterIpv4(outer, Headers.PROTOCOL_UDP, false, 0);
        assertEquals(Headers.Gue.DEFAULT_PORT, outer.destinationPort());
        assertEquals(GueEncapsulator.sourcePort(flowHash), outer.sourcePort());
        assertTrue(outer.sourcePort() >= 49152);
        int udp = (int) outer.base() + outer.l4Offset();
        assertEquals(outer.transportLength(), PacketBuilder.get16(buffer, udp + 4));
        assertEquals(0, PacketBuilder.get16(buffer, udp + 6), "no UDP checksum");
        int gueHeader = udp + 8;
        assertArrayEquals(new byte[] {0, Headers.PROTOCOL_IPIP, 0, 0}, Arrays.copyOfRange(buffer, gueHeader, gueHeader + 4));
        assertArrayEquals(original, decapsulate(buffer, outer, 12));
    }

    @Test
    void gueSourcePortIsStablePerFlowAndSpreadsAcrossFlows() {
        Set<Integer> ports = new HashSet<>();
        for (int hash = 0; hash < 1000; hash++) {
            int port = GueEncapsulator.sourcePort(hash * 0x61C88647);
            assertEquals(port, GueEncapsulator.sourcePort(hash * 0x61C88647));
            assertTrue(port >= 49152 && port <= 65535);
            ports.add(port);
        }
        assertTrue(ports.size() > 900, "distinct ports: " + ports.size());
    }

    @Test
    void gueDestinationPortIsConfigurable() {
        byte[] original = PacketBuilder.ipv6(CLIENT6, VIP6).tcp(1, 2, Tcp.SYN).build();
        byte[] buffer = inHeadroom(original);
        GueEncapsulator gue = new GueEncapsulator(parseIpv4(DISPATCHER), 7777, MTU);
        assertEquals(Verdict.OK, gue.encapsulate(parse(buffer, HEADROOM, original.length), parseIpv4(BACKEND), 5, HEADROOM));
        PacketParser outer = parseOk(buffer, HEADROOM - GueEncapsulator.OVERHEAD, original.length + GueEncapsulator.OVERHEAD);
        assertEquals(7777, outer.destinationPort());
        assertEquals(Headers.PROTOCOL_IPV6, buffer[(int) outer.base() + outer.l4Offset() + 9]);
        assertArrayEquals(original, decapsulate(buffer, outer, 12));
    }

    @Test
    void refusesWithoutHeadroomAndWritesNothing() {
        byte[] original = PacketBuilder.ipv4(CLIENT, VIP).tcp(1, 2, Tcp.SYN).build();
        byte[] buffer = inHeadroom(original);
        byte[] before = buffer.clone();
        Verdict verdict = new IpIpEncapsulator(parseIpv4(DISPATCHER), MTU)
                .encapsulate(parse(buffer, HEADROOM, original.length), parseIpv4(BACKEND), IpIpEncapsulator.OVERHEAD - 1);
        assertEquals(Verdict.NO_HEADROOM, verdict);
        assertArrayEquals(before, buffer);
    }

    @Test
    void mtuDecidesBetweenFragmentationNeededAndExceedsMtu() {
        IpIpEncapsulator ipip = new IpIpEncapsulator(parseIpv4(DISPATCHER), MTU);
        GueEncapsulator gue = new GueEncapsulator(parseIpv4(DISPATCHER), MTU);
        assertEquals(1480, ipip.innerMtu());
        assertEquals(1468, gue.innerMtu());

        byte[] fits = PacketBuilder.ipv4(CLIENT, VIP).dontFragment().tcp(1, 2, Tcp.ACK).payload(new byte[1480 - 40]).build();
        assertEquals(Verdict.OK, ipip.encapsulate(parse(inHeadroom(fits), HEADROOM, fits.length), parseIpv4(BACKEND), HEADROOM));
        assertEquals(Verdict.FRAGMENTATION_NEEDED,
                gue.encapsulate(parse(inHeadroom(fits), HEADROOM, fits.length), parseIpv4(BACKEND), 1, HEADROOM));

        byte[] tooBigDf = PacketBuilder.ipv4(CLIENT, VIP).dontFragment().tcp(1, 2, Tcp.ACK).payload(new byte[1481 - 40]).build();
        byte[] buffer = inHeadroom(tooBigDf);
        byte[] before = buffer.clone();
        assertEquals(Verdict.FRAGMENTATION_NEEDED, ipip.encapsulate(parse(buffer, HEADROOM, tooBigDf.length), parseIpv4(BACKEND), HEADROOM));
        assertArrayEquals(before, buffer);

        byte[] tooBig = PacketBuilder.ipv4(CLIENT, VIP).tcp(1, 2, Tcp.ACK).payload(new byte[1481 - 40]).build();
        assertEquals(Verdict.EXCEEDS_MTU, ipip.encapsulate(parse(inHeadroom(tooBig), HEADROOM, tooBig.length), parseIpv4(BACKEND), HEADROOM));

        byte[] tooBig6 = PacketBuilder.ipv6(CLIENT6, VIP6).tcp(1, 2, Tcp.ACK).payload(new byte[1481 - 60]).build();
        assertEquals(Verdict.FRAGMENTATION_NEEDED,
                ipip.encapsulate(parse(inHeadroom(tooBig6), HEADROOM, tooBig6.length), parseIpv4(BACKEND), HEADROOM));
    }

    /** As the worker does it on an mbuf: absolute addresses in all of memory, then the start moves back. */
    @Test
    void encapsulatesInNativeMemoryByAddress() {
        byte[] original = PacketBuilder.ipv4(CLIENT, VIP).tcp(40000, 80, Tcp.SYN).build();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(128 + original.length);
            MemorySegment.copy(original, 0, buffer, ValueLayout.JAVA_BYTE, 128, original.length);
            PacketParser parser = new PacketParser();
            assertEquals(Verdict.OK, parser.parse(PacketParser.ALL_MEMORY, buffer.address() + 128, original.length));
            GueEncapsulator gue = new GueEncapsulator(parseIpv4(DISPATCHER), MTU);
            assertEquals(Verdict.OK, gue.encapsulate(parser, parseIpv4(BACKEND), 42, 128));
            long newStart = buffer.address() + 128 - GueEncapsulator.OVERHEAD;
            new DsrRewriter(0x02_00_00_00_00_feL).rewrite(PacketParser.ALL_MEMORY, newStart, 0x02_00_00_00_00_99L);
            assertEquals(Verdict.OK, parser.parse(PacketParser.ALL_MEMORY, newStart, original.length + GueEncapsulator.OVERHEAD));
            assertEquals(parseIpv4(BACKEND), parser.ipv4Destination());
            assertEquals(0x02_00_00_00_00_99L, parser.destinationMac());
            assertEquals(0x02_00_00_00_00_feL, parser.sourceMac());
        }
    }

    private void assertOuterIpv4(PacketParser outer, int protocol, boolean dontFragment, int tos) {
        assertEquals(4, outer.ipVersion());
        assertEquals(protocol, outer.protocol());
        assertEquals(parseIpv4(DISPATCHER), outer.ipv4Source());
        assertEquals(parseIpv4(BACKEND), outer.ipv4Destination());
        assertEquals(64, outer.ttl());
        assertEquals(dontFragment, outer.dontFragment());
        assertEquals(tos, outer.trafficClass());
        assertEquals(20, outer.l4Offset() - outer.l3Offset());
        assertTrue(Checksums.ipv4HeaderChecksumValid(outer.segment(), outer.base() + outer.l3Offset(), 20));
    }

    /** Rebuilds the original frame: the outer L2 header (ethertype restored) followed by the inner packet. */
    private static byte[] decapsulate(byte[] buffer, PacketParser outer, int afterOuterIp) {
        int frameStart = (int) outer.base();
        int inner = frameStart + outer.l4Offset() + afterOuterIp;
        byte[] l2 = Arrays.copyOfRange(buffer, frameStart, frameStart + outer.l3Offset());
        int version = (buffer[inner] & 0xFF) >>> 4;
        PacketBuilder.put16(l2, l2.length - 2, version == 4 ? Headers.ETHERTYPE_IPV4 : Headers.ETHERTYPE_IPV6);
        return PacketBuilder.concat(l2, Arrays.copyOfRange(buffer, inner, frameStart + outer.l3End()));
    }

    private static byte[] inHeadroom(byte[] frame) {
        byte[] buffer = new byte[HEADROOM + frame.length];
        System.arraycopy(frame, 0, buffer, HEADROOM, frame.length);
        return buffer;
    }

    private PacketParser parse(byte[] buffer, int offset, int length) {
        assertEquals(Verdict.OK, view.parse(MemorySegment.ofArray(buffer), offset, length));
        return view;
    }

    private static PacketParser parseOk(byte[] buffer, int offset, int length) {
        PacketParser outer = new PacketParser(true);
        assertEquals(Verdict.OK, outer.parse(MemorySegment.ofArray(buffer), offset, length));
        return outer;
    }
}
