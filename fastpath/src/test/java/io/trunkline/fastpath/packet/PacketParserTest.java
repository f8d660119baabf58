package io.trunkline.fastpath.packet;

import io.trunkline.fastpath.testing.PacketBuilder;
import static io.trunkline.fastpath.packet.IpAddresses.parseIpv4;
import static io.trunkline.fastpath.packet.IpAddresses.parseIpv6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.fastpath.packet.Headers.Icmp;
import io.trunkline.fastpath.packet.Headers.Tcp;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Table-driven parser fixtures in the manner of Katran's: input frame, expected verdict, expected fields. */
class PacketParserTest {
    static final String CLIENT = "198.18.0.1";
    static final String VIP = "198.18.1.1";
    static final String ROUTER = "198.18.2.1";
    static final String CLIENT6 = "2001:2::1";
    static final String VIP6 = "2001:2:0:1::1";
    static final String ROUTER6 = "2001:2:0:2::1";

    /** One row: a frame, whether the parser verifies IPv4 checksums, the verdict, and checks on the fields. */
    record Fixture(String name, byte[] frame, boolean verifyChecksum, Verdict verdict, Consumer<PacketParser> fields) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Fixture ok(String name, byte[] frame, Consumer<PacketParser> fields) {
        return new Fixture(name, frame, false, Verdict.OK, fields);
    }

    static Fixture drop(String name, byte[] frame, Verdict verdict) {
        return new Fixture(name, frame, false, verdict, view -> { });
    }

    static List<Fixture> accepted() {
        List<Fixture> fixtures = new ArrayList<>();
        fixtures.add(ok("ipv4 tcp syn", PacketBuilder.ipv4(CLIENT, VIP).tcp(40000, 80, Tcp.SYN).build(), view -> {
            assertEquals(PacketBuilder.DISPATCHER_MAC, view.destinationMac());
            assertEquals(PacketBuilder.CLIENT_MAC, view.sourceMac());
            assertEquals(0, view.vlanCount());
            assertEquals(Headers.ETHERTYPE_IPV4, view.etherType());
            assertEquals(14, view.l3Offset());
            assertEquals(4, view.ipVersion());
            assertEquals(Headers.PROTOCOL_TCP, view.protocol());
            assertEquals(parseIpv4(CLIENT), view.ipv4Source());
            assertEquals(parseIpv4(VIP), view.ipv4Destination());
            assertEquals(64, view.ttl());
            assertEquals(34, view.l4Offset());
            assertEquals(54, view.l3End());
            assertEquals(40000, view.sourcePort());
            assertEquals(80, view.destinationPort());
            assertEquals(Tcp.SYN, view.tcpFlags());
            assertTrue(view.hasTransportHeader());
            assertFalse(view.isFragment());
            assertFalse(view.hasQuotedFlow());
        }));
        fixtures.add(ok("802.1Q tag", PacketBuilder.ipv4(CLIENT, VIP).vlan(Headers.ETHERTYPE_VLAN, 100).tcp(1, 2, Tcp.ACK).build(), view -> {
            assertEquals(1, view.vlanCount());
            assertEquals(100, view.outerVlanId());
            assertEquals(18, view.l3Offset());
            assertEquals(38, view.l4Offset());
            assertEquals(2, view.destinationPort());
        }));
        fixtures.add(ok("QinQ", PacketBuilder.ipv4(CLIENT, VIP).vlan(Headers.ETHERTYPE_QINQ, 10).vlan(Headers.ETHERTYPE_VLAN, 4094)
                .udp(53, 5353).build(), view -> {
            assertEquals(2, view.vlanCount());
            assertEquals(10, view.outerVlanId());
            assertEquals(4094, view.innerVlanId());
            assertEquals(22, view.l3Offset());
            assertEquals(5353, view.destinationPort());
        }));
        fixtures.add(ok("three vlan tags", PacketBuilder.ipv4(CLIENT, VIP).vlan(Headers.ETHERTYPE_QINQ, 10)
                .vlan(Headers.ETHERTYPE_QINQ, 20).vlan(Headers.ETHERTYPE_VLAN, 30).udp(53, 5353).build(), view -> {
            assertEquals(3, view.vlanCount());
            assertEquals(10, view.outerVlanId());
            assertEquals(30, view.innerVlanId());
            assertEquals(26, view.l3Offset());
            assertEquals(5353, view.destinationPort());
        }));
        fixtures.add(ok("ipv4 options", PacketBuilder.ipv4(CLIENT, VIP).ipv4Options(new byte[] {1, 1, 1, 0, 0, 0, 0, 0})
                .tcp(40000, 443, Tcp.SYN).build(), view -> {
            assertEquals(14 + 28, view.l4Offset());
            assertEquals(443, view.destinationPort());
        }));
        fixtures.add(ok("ipv4 40 bytes of options (IHL 15)", PacketBuilder.ipv4(CLIENT, VIP).ipv4Options(new byte[40])
                .udp(1000, 2000).build(), view -> {
            assertEquals(14 + 60, view.l4Offset());
            assertEquals(2000, view.destinationPort());
        }));
        fixtures.add(ok("ipv4 first fragment has ports", PacketBuilder.ipv4(CLIENT, VIP).fragment(0, true).udp(5000, 53)
                .payload(new byte[64]).build(), view -> {
            assertTrue(view.isFragment());
            assertTrue(view.moreFragments());
            assertFalse(view.isNonFirstFragment());
            assertTrue(view.hasTransportHeader());
            assertEquals(53, view.destinationPort());
        }));
        fixtures.add(ok("ipv4 non-first fragment has no ports", PacketBuilder.ipv4(CLIENT, VIP).fragment(1480, false)
                .rawTransport(Headers.PROTOCOL_UDP, new byte[3]).build(), view -> {
            assertTrue(view.isFragment());
            assertTrue(view.isNonFirstFragment());
            assertEquals(1480, view.fragmentOffset());
            assertFalse(view.hasTransportHeader());
            assertEquals(0, view.sourcePort());
            assertEquals(Headers.PROTOCOL_UDP, view.protocol());
        }));
        fixtures.add(ok("ethernet padding after a short packet", PacketBuilder.ipv4(CLIENT, VIP).tcp(1, 2, Tcp.FIN | Tcp.ACK)
                .padTo(60).build(), view -> {
            assertEquals(60, view.length());
            assertEquals(54, view.l3End());
            assertEquals(40, view.ipLength());
            assertEquals(Tcp.FIN | Tcp.ACK, view.tcpFlags());
        }));
        fixtures.add(ok("ipv4 other protocol (GRE)", PacketBuilder.ipv4(CLIENT, VIP).rawTransport(47, new byte[4]).build(), view -> {
            assertEquals(47, view.protocol());
            assertFalse(view.hasTransportHeader());
        }));
        fixtures.add(ok("icmp echo", PacketBuilder.ipv4(CLIENT, VIP).icmp(Icmp.V4_ECHO_REQUEST, 0, 0x00010001, new byte[8]).build(), view -> {
            assertEquals(Icmp.V4_ECHO_REQUEST, view.icmpType());
            assertTrue(view.hasTransportHeader());
            assertFalse(view.hasQuotedFlow());
        }));
        byte[] tcpFromVip = PacketBuilder.ipv4(VIP, CLIENT).dontFragment().tcp(80, 40000, Tcp.ACK).payload(new byte[1460]).buildIp();
        fixtures.add(ok("icmp frag-needed quoting a VIP tcp flow", PacketBuilder.ipv4(ROUTER, VIP)
                .icmp(Icmp.V4_DESTINATION_UNREACHABLE, Icmp.V4_CODE_FRAGMENTATION_NEEDED, 1400, Arrays.copyOf(tcpFromVip, 28)).build(), view -> {
            assertEquals(1400, view.icmpMtu());
            assertTrue(view.hasQuotedFlow());
            assertEquals(Headers.PROTOCOL_TCP, view.quotedProtocol());
            assertEquals(parseIpv4(CLIENT), view.quotedSourceIpv4());
            assertEquals(parseIpv4(VIP), view.quotedDestinationIpv4());
            assertEquals(40000, view.quotedSourcePort());
            assertEquals(80, view.quotedDestinationPort());
        }));
        byte[] udpFromVip = PacketBuilder.ipv4(VIP, CLIENT).ipv4Options(new byte[4]).udp(53, 33000).payload(new byte[20]).buildIp();
        fixtures.add(ok("icmp time exceeded quoting udp with options", PacketBuilder.ipv4(ROUTER, VIP)
                .icmp(Icmp.V4_TIME_EXCEEDED, 0, 0, udpFromVip).build(), view -> {
            assertEquals(0, view.icmpMtu());
            assertEquals(Headers.PROTOCOL_UDP, view.quotedProtocol());
            assertEquals(33000, view.quotedSourcePort());
            assertEquals(53, view.quotedDestinationPort());
        }));
        byte[] fragmentFromVip = PacketBuilder.ipv4(VIP, CLIENT).fragment(2960, false).rawTransport(Headers.PROTOCOL_UDP, new byte[8]).buildIp();
        fixtures.add(ok("icmp error quoting a non-first fragment", PacketBuilder.ipv4(ROUTER, VIP)
                .icmp(Icmp.V4_DESTINATION_UNREACHABLE, 1, 0, fragmentFromVip).build(), view -> {
            assertTrue(view.hasQuotedFlow());
            assertEquals(parseIpv4(CLIENT), view.quotedSourceIpv4());
            assertEquals(0, view.quotedSourcePort());
        }));
        fixtures.add(ok("ipv6 tcp", PacketBuilder.ipv6(CLIENT6, VIP6).tcp(50000, 443, Tcp.SYN).build(), view -> {
            assertEquals(6, view.ipVersion());
            assertEquals(Headers.ETHERTYPE_IPV6, view.etherType());
            assertEquals(parseIpv6(CLIENT6).high(), view.ipv6SourceHigh());
            assertEquals(parseIpv6(CLIENT6).low(), view.ipv6SourceLow());
            assertEquals(parseIpv6(VIP6).high(), view.ipv6DestinationHigh());
            assertEquals(parseIpv6(VIP6).low(), view.ipv6DestinationLow());
            assertEquals(54, view.l4Offset());
            assertEquals(443, view.destinationPort());
            assertTrue(view.dontFragment());
        }));
        fixtures.add(ok("ipv6 hop-by-hop, routing, destination options, udp", PacketBuilder.ipv6(CLIENT6, VIP6)
                .ipv6Extension(Headers.PROTOCOL_HOP_BY_HOP, 0).ipv6Extension(Headers.PROTOCOL_ROUTING, 1)
                .ipv6Extension(Headers.PROTOCOL_DESTINATION_OPTIONS, 0).udp(7000, 8000).build(), view -> {
            assertEquals(14 + 40 + 8 + 16 + 8, view.l4Offset());
            assertEquals(Headers.PROTOCOL_UDP, view.protocol());
            assertEquals(8000, view.destinationPort());
        }));
        fixtures.add(ok("ipv6 first fragment has ports", PacketBuilder.ipv6(CLIENT6, VIP6).fragment(0, true).tcp(1234, 80, Tcp.ACK)
                .build(), view -> {
            assertTrue(view.isFragment());
            assertTrue(view.moreFragments());
            assertEquals(14 + 48, view.l4Offset());
            assertEquals(80, view.destinationPort());
        }));
        fixtures.add(ok("ipv6 non-first fragment has no ports", PacketBuilder.ipv6(CLIENT6, VIP6)
                .ipv6Extension(Headers.PROTOCOL_DESTINATION_OPTIONS, 0).fragment(1448, false)
                .rawTransport(Headers.PROTOCOL_TCP, new byte[5]).build(), view -> {
            assertTrue(view.isNonFirstFragment());
            assertEquals(1448, view.fragmentOffset());
            assertEquals(Headers.PROTOCOL_TCP, view.protocol());
            assertFalse(view.hasTransportHeader());
        }));
        byte[] tcp6FromVip = PacketBuilder.ipv6(VIP6, CLIENT6).tcp(443, 50000, Tcp.ACK).payload(new byte[1400]).buildIp();
        fixtures.add(ok("icmpv6 packet too big quoting a VIP tcp flow", PacketBuilder.ipv6(ROUTER6, VIP6)
                .icmp(Icmp.V6_PACKET_TOO_BIG, 0, 1280, Arrays.copyOf(tcp6FromVip, 1232)).build(), view -> {
            assertEquals(Headers.PROTOCOL_ICMPV6, view.protocol());
            assertEquals(Icmp.V6_PACKET_TOO_BIG, view.icmpType());
            assertEquals(1280, view.icmpMtu());
            assertTrue(view.hasQuotedFlow());
            assertEquals(parseIpv6(CLIENT6).high(), view.quotedSourceIpv6High());
            assertEquals(parseIpv6(CLIENT6).low(), view.quotedSourceIpv6Low());
            assertEquals(parseIpv6(VIP6).high(), view.quotedDestinationIpv6High());
            assertEquals(parseIpv6(VIP6).low(), view.quotedDestinationIpv6Low());
            assertEquals(50000, view.quotedSourcePort());
            assertEquals(443, view.quotedDestinationPort());
        }));
        byte[] udp6WithExtensions = PacketBuilder.ipv6(VIP6, CLIENT6).ipv6Extension(Headers.PROTOCOL_DESTINATION_OPTIONS, 0)
                .udp(53, 40001).buildIp();
        fixtures.add(ok("icmpv6 time exceeded quoting udp after an extension header", PacketBuilder.ipv6(ROUTER6, VIP6)
                .icmp(Icmp.V6_TIME_EXCEEDED, 0, 0, udp6WithExtensions).build(), view -> {
            assertEquals(Headers.PROTOCOL_UDP, view.quotedProtocol());
            assertEquals(40001, view.quotedSourcePort());
            assertEquals(53, view.quotedDestinationPort());
        }));
        fixtures.add(ok("icmpv6 echo request", PacketBuilder.ipv6(CLIENT6, VIP6).icmp(Icmp.V6_ECHO_REQUEST, 0, 7, new byte[16]).build(), view -> {
            assertEquals(Icmp.V6_ECHO_REQUEST, view.icmpType());
            assertFalse(view.hasQuotedFlow());
        }));
        return fixtures;
    }

    static List<Fixture> dropped() {
        byte[] tcp4 = PacketBuilder.ipv4(CLIENT, VIP).tcp(40000, 80, Tcp.SYN).build();
        byte[] udp4 = PacketBuilder.ipv4(CLIENT, VIP).udp(40000, 53).payload(new byte[12]).build();
        byte[] tcp6 = PacketBuilder.ipv6(CLIENT6, VIP6).tcp(40000, 80, Tcp.SYN).build();
        byte[] hopByHop6 = PacketBuilder.ipv6(CLIENT6, VIP6).ipv6Extension(Headers.PROTOCOL_HOP_BY_HOP, 0).udp(1, 2).build();
        PacketBuilder nineExtensions = PacketBuilder.ipv6(CLIENT6, VIP6);
        for (int i = 0; i < PacketParser.MAX_IPV6_EXTENSION_HEADERS + 1; i++) {
            nineExtensions.ipv6Extension(Headers.PROTOCOL_DESTINATION_OPTIONS, 0);
        }
        byte[] quoteFromVip = PacketBuilder.ipv4(VIP, CLIENT).tcp(80, 40000, Tcp.ACK).buildIp();
        List<Fixture> fixtures = new ArrayList<>();
        fixtures.add(drop("13-byte frame", Arrays.copyOf(tcp4, 13), Verdict.TRUNCATED_L2));
        fixtures.add(drop("vlan tag cut short", Arrays.copyOf(PacketBuilder.ipv4(CLIENT, VIP).vlan(Headers.ETHERTYPE_VLAN, 5)
                .udp(1, 2).build(), 17), Verdict.TRUNCATED_L2));
        fixtures.add(drop("four vlan tags", PacketBuilder.ipv4(CLIENT, VIP).vlan(Headers.ETHERTYPE_QINQ, 1).vlan(Headers.ETHERTYPE_QINQ, 2)
                .vlan(Headers.ETHERTYPE_VLAN, 3).vlan(Headers.ETHERTYPE_VLAN, 4).udp(1, 2).build(), Verdict.BAD_VLAN));
        byte[] routerAlert = {(byte) 0x94, 4, 0, 0};
        fixtures.add(drop("ipv4 option of length 0", PacketBuilder.ipv4(CLIENT, VIP).ipv4Options(new byte[] {1, 7, 0, 0}).udp(1, 2).build(),
                Verdict.BAD_IPV4_OPTIONS));
        fixtures.add(drop("ipv4 option of length 1", PacketBuilder.ipv4(CLIENT, VIP).ipv4Options(new byte[] {7, 1, 0, 0}).udp(1, 2).build(),
                Verdict.BAD_IPV4_OPTIONS));
        fixtures.add(drop("ipv4 option past the header", PacketBuilder.ipv4(CLIENT, VIP).ipv4Options(new byte[] {1, 7, 7, 4}).udp(1, 2).build(),
                Verdict.BAD_IPV4_OPTIONS));
        fixtures.add(drop("ipv4 option without its length byte", PacketBuilder.ipv4(CLIENT, VIP).ipv4Options(new byte[] {1, 1, 1, 7}).udp(1, 2)
                .build(), Verdict.BAD_IPV4_OPTIONS));
        fixtures.add(ok("ipv4 router alert option", PacketBuilder.ipv4(CLIENT, VIP).ipv4Options(routerAlert).udp(1, 2).build(),
                view -> assertEquals(14 + 24, view.l4Offset())));
        fixtures.add(drop("arp", PacketBuilder.ethernetOnly(0x0806, new byte[28]).build(), Verdict.UNSUPPORTED_ETHERTYPE));
        fixtures.add(drop("ipv4 header cut at 19 bytes", Arrays.copyOf(tcp4, 14 + 19), Verdict.TRUNCATED_IPV4));
        fixtures.add(drop("ipv4 ethertype, version 5", with(tcp4, 14, 0x55), Verdict.BAD_IPV4_VERSION));
        fixtures.add(drop("ipv4 IHL 4", with(tcp4, 14, 0x44), Verdict.BAD_IPV4_IHL));
        fixtures.add(drop("ipv4 IHL past the frame", with(Arrays.copyOf(tcp4, 14 + 24), 14, 0x47), Verdict.TRUNCATED_IPV4));
        fixtures.add(drop("ipv4 total length past the frame", with16(tcp4, 16, 41), Verdict.BAD_IPV4_TOTAL_LENGTH));
        fixtures.add(drop("ipv4 total length below the header", with16(tcp4, 16, 19), Verdict.BAD_IPV4_TOTAL_LENGTH));
        fixtures.add(new Fixture("ipv4 bad header checksum, verified", with(tcp4, 14 + 10, tcp4[24] ^ 0x01), true,
                Verdict.BAD_IPV4_CHECKSUM, view -> { }));
        fixtures.add(new Fixture("ipv4 bad header checksum, not verified", with(tcp4, 14 + 10, tcp4[24] ^ 0x01), false,
                Verdict.OK, view -> { }));
        fixtures.add(new Fixture("ipv4 good header checksum, verified", tcp4, true, Verdict.OK, view -> { }));
        fixtures.add(drop("ipv6 header cut at 39 bytes", Arrays.copyOf(tcp6, 14 + 39), Verdict.TRUNCATED_IPV6));
        fixtures.add(drop("ipv6 ethertype, version 4", with(tcp6, 14, 0x45), Verdict.BAD_IPV6_VERSION));
        fixtures.add(drop("ipv6 payload length past the frame", with16(tcp6, 14 + 4, 21), Verdict.BAD_IPV6_PAYLOAD_LENGTH));
        fixtures.add(drop("ipv6 extension header past the payload", with(hopByHop6, 14 + 40 + 1, 3), Verdict.TRUNCATED_IPV6));
        fixtures.add(drop("ipv6 nine extension headers", nineExtensions.udp(1, 2).build(), Verdict.IPV6_EXT_TOO_LONG));
        fixtures.add(drop("tcp header of 10 bytes", PacketBuilder.ipv4(CLIENT, VIP).rawTransport(Headers.PROTOCOL_TCP, new byte[10])
                .build(), Verdict.TRUNCATED_TCP));
        fixtures.add(drop("tcp data offset 4", with(tcp4, 14 + 20 + 12, 0x40), Verdict.BAD_TCP_OFFSET));
        fixtures.add(drop("tcp data offset past the packet", with(tcp4, 14 + 20 + 12, 0xF0), Verdict.TRUNCATED_TCP));
        fixtures.add(drop("udp header of 7 bytes", PacketBuilder.ipv4(CLIENT, VIP).rawTransport(Headers.PROTOCOL_UDP, new byte[7])
                .build(), Verdict.TRUNCATED_UDP));
        fixtures.add(drop("udp length 7", with16(udp4, 14 + 20 + 4, 7), Verdict.BAD_UDP_LENGTH));
        fixtures.add(drop("udp length past the packet", with16(udp4, 14 + 20 + 4, 21), Verdict.BAD_UDP_LENGTH));
        fixtures.add(drop("icmp header of 7 bytes", PacketBuilder.ipv4(CLIENT, VIP).rawTransport(Headers.PROTOCOL_ICMP, new byte[7])
                .build(), Verdict.TRUNCATED_ICMP));
        fixtures.add(drop("icmpv6 header of 4 bytes", PacketBuilder.ipv6(CLIENT6, VIP6).rawTransport(Headers.PROTOCOL_ICMPV6, new byte[4])
                .build(), Verdict.TRUNCATED_ICMP));
        fixtures.add(drop("icmp error quoting 19 bytes", PacketBuilder.ipv4(ROUTER, VIP)
                .icmp(Icmp.V4_DESTINATION_UNREACHABLE, 4, 1400, Arrays.copyOf(quoteFromVip, 19)).build(), Verdict.TRUNCATED_ICMP_QUOTE));
        fixtures.add(drop("icmp error quoting a tcp header without ports", PacketBuilder.ipv4(ROUTER, VIP)
                .icmp(Icmp.V4_DESTINATION_UNREACHABLE, 4, 1400, Arrays.copyOf(quoteFromVip, 22)).build(), Verdict.TRUNCATED_ICMP_QUOTE));
        fixtures.add(drop("icmpv6 error quoting 39 bytes", PacketBuilder.ipv6(ROUTER6, VIP6)
                .icmp(Icmp.V6_PACKET_TOO_BIG, 0, 1280, new byte[39]).build(), Verdict.TRUNCATED_ICMP_QUOTE));
        fixtures.add(drop("icmp error quoting an ipv6 header", PacketBuilder.ipv4(ROUTER, VIP)
                .icmp(Icmp.V4_TIME_EXCEEDED, 0, 0, with(quoteFromVip, 0, 0x65)).build(), Verdict.BAD_ICMP_QUOTE));
        fixtures.add(drop("icmp error quoting IHL 3", PacketBuilder.ipv4(ROUTER, VIP)
                .icmp(Icmp.V4_TIME_EXCEEDED, 0, 0, with(quoteFromVip, 0, 0x43)).build(), Verdict.BAD_ICMP_QUOTE));
        fixtures.add(drop("icmpv6 error quoting an ipv4 header", PacketBuilder.ipv6(ROUTER6, VIP6)
                .icmp(Icmp.V6_DESTINATION_UNREACHABLE, 0, 0, Arrays.copyOf(quoteFromVip, 48)).build(), Verdict.BAD_ICMP_QUOTE));
        return fixtures;
    }

    static Stream<Fixture> fixtures() {
        return Stream.concat(accepted().stream(), dropped().stream());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void parsesFixture(Fixture fixture) {
        PacketParser parser = new PacketParser(fixture.verifyChecksum());
        assertEquals(fixture.verdict(), parser.parse(MemorySegment.ofArray(fixture.frame()), 0, fixture.frame().length));
        fixture.fields().accept(parser);
    }

    @Test
    void everyParseDropReasonHasAFixture() {
        Set<Verdict> covered = EnumSet.noneOf(Verdict.class);
        dropped().forEach(fixture -> covered.add(fixture.verdict()));
        for (Verdict verdict : Verdict.values()) {
            if (verdict.code() > 0 && verdict.code() < Verdict.NO_HEADROOM.code()) {
                assertTrue(covered.contains(verdict), "no fixture for " + verdict);
            }
        }
    }

    /**
     * Every prefix of every valid frame, in a segment exactly that long (a read past the end would
     * throw), at offset 0 and at an odd offset: never an exception, and OK only once the IP packet is whole.
     */
    @Test
    void truncationAtEveryLengthIsDroppedWithoutThrowing() {
        PacketParser parser = new PacketParser(true);
        for (Fixture fixture : accepted()) {
            byte[] frame = fixture.frame();
            parser.parse(MemorySegment.ofArray(frame), 0, frame.length);
            int ipEnd = parser.l3End();
            for (int length = 0; length <= frame.length; length++) {
                Verdict atZero = parser.parse(MemorySegment.ofArray(Arrays.copyOf(frame, length)), 0, length);
                byte[] shifted = new byte[7 + length];
                System.arraycopy(frame, 0, shifted, 7, length);
                Verdict atSeven = parser.parse(MemorySegment.ofArray(shifted), 7, length);
                assertEquals(atZero, atSeven, fixture.name() + " cut to " + length);
                assertEquals(length >= ipEnd, atZero == Verdict.OK, fixture.name() + " cut to " + length + ": " + atZero);
            }
        }
    }

    /** The mbuf way: all of memory as the segment, the native address as the offset. */
    @Test
    void parsesNativeMemoryByAddress() {
        byte[] frame = PacketBuilder.ipv6(CLIENT6, VIP6).vlan(Headers.ETHERTYPE_VLAN, 7).tcp(50000, 443, Tcp.SYN).build();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(frame.length + 128);
            MemorySegment.copy(frame, 0, buffer, ValueLayout.JAVA_BYTE, 128, frame.length);
            PacketParser parser = new PacketParser();
            assertEquals(Verdict.OK, parser.parse(PacketParser.ALL_MEMORY, buffer.address() + 128, frame.length));
            assertEquals(7, parser.outerVlanId());
            assertEquals(443, parser.destinationPort());
            assertEquals(parseIpv6(VIP6).low(), parser.ipv6DestinationLow());
        }
    }

    /** 100 000 random frames, biased towards plausible headers so parsing gets deep, never throw. */
    @Test
    void randomFramesNeverThrow() {
        Random random = new Random(20261122L);
        PacketParser plain = new PacketParser();
        PacketParser verifying = new PacketParser(true);
        int[] etherTypes = {Headers.ETHERTYPE_IPV4, Headers.ETHERTYPE_IPV6, Headers.ETHERTYPE_VLAN, Headers.ETHERTYPE_QINQ};
        int[] protocols = {0, 1, 6, 17, 43, 44, 58, 60};
        int[] okOrDropped = new int[2];
        for (int i = 0; i < 100_000; i++) {
            byte[] frame = new byte[random.nextInt(160)];
            random.nextBytes(frame);
            if (frame.length > 60 && random.nextInt(4) != 0) {
                int type = etherTypes[random.nextInt(etherTypes.length)];
                int l3 = type == Headers.ETHERTYPE_IPV4 || type == Headers.ETHERTYPE_IPV6 ? 14 : 18;
                PacketBuilder.put16(frame, 12, type);
                if (l3 == 18) {
                    PacketBuilder.put16(frame, 16, random.nextBoolean() ? Headers.ETHERTYPE_IPV4 : Headers.ETHERTYPE_IPV6);
                }
                boolean ipv4 = PacketBuilder.get16(frame, l3 - 2) == Headers.ETHERTYPE_IPV4;
                frame[l3] = (byte) (ipv4 ? 0x40 | 5 + random.nextInt(3) : 0x60);
                int ipLength = frame.length - l3 - random.nextInt(3);
                PacketBuilder.put16(frame, l3 + (ipv4 ? 2 : 4), ipv4 ? ipLength : ipLength - 40);
                if (ipv4 && random.nextBoolean()) {
                    PacketBuilder.put16(frame, l3 + 6, 0);
                }
                frame[l3 + (ipv4 ? 9 : 6)] = (byte) protocols[random.nextInt(protocols.length)];
            }
            MemorySegment segment = MemorySegment.ofArray(frame);
            Verdict verdict = (i & 1) == 0 ? plain.parse(segment, 0, frame.length) : verifying.parse(segment, 0, frame.length);
            assertNotNull(verdict);
            okOrDropped[verdict.isOk() ? 0 : 1]++;
        }
        assertNotEquals(0, okOrDropped[0], "the bias should produce some parsable frames");
    }

    static byte[] with(byte[] frame, int at, int value) {
        byte[] copy = frame.clone();
        copy[at] = (byte) value;
        return copy;
    }

    static byte[] with16(byte[] frame, int at, int value) {
        byte[] copy = frame.clone();
        PacketBuilder.put16(copy, at, value);
        return copy;
    }
}
