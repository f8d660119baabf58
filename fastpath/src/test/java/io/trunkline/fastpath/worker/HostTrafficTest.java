package io.trunkline.fastpath.worker;

import static io.trunkline.fastpath.testing.PacketBuilder.concat;
import static io.trunkline.fastpath.testing.PacketBuilder.intBytes;
import static io.trunkline.fastpath.testing.PacketBuilder.ipv6Bytes;
import static io.trunkline.fastpath.testing.PacketBuilder.put16;
import static io.trunkline.fastpath.testing.PacketBuilder.put48;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.bindings.dpdk.MbufPool;
import io.trunkline.fastpath.bfd.Bfd;
import io.trunkline.fastpath.bfd.BfdConfig;
import io.trunkline.fastpath.bfd.BfdControlPacket;
import io.trunkline.fastpath.bfd.BfdPeer;
import io.trunkline.fastpath.bfd.BfdSessionStatus;
import io.trunkline.fastpath.bfd.BfdState;
import io.trunkline.fastpath.counters.CounterLayout;
import io.trunkline.fastpath.fate.DropReasons;
import io.trunkline.fastpath.host.BfdEndpoint;
import io.trunkline.fastpath.host.HostServices;
import io.trunkline.fastpath.host.NeighbourObserver;
import io.trunkline.fastpath.host.OwnAddresses;
import io.trunkline.fastpath.packet.Headers;
import io.trunkline.fastpath.packet.IpAddresses;
import io.trunkline.fastpath.packet.MacAddress;
import io.trunkline.fastpath.packet.Verdict;
import io.trunkline.fastpath.pcap.PcapReader;
import io.trunkline.fastpath.testing.PacketBuilder;
import io.trunkline.fastpath.testing.Tshark;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dispatcher's own presence on a port, through the dispatch worker on real DPDK (net_pcap in and
 * out), answers decoded by tshark: ARP and neighbour solicitations for own addresses answered in place,
 * BFD answered by the session the worker runs, and every malformed or foreign variant counted by reason.
 */
class HostTrafficTest {
    private static final long PORT_MAC = WorkerHarness.PORT_MAC;
    private static final long ROUTER_MAC = 0x02_00_00_00_00_FEL;
    private static final String OWN = "198.18.0.1";
    private static final String ROUTER = "198.18.0.2";
    private static final String OWN6 = "2001:2::1";
    private static final String ROUTER6 = "2001:2::fe";
    private static final String OWN6_SOLICITED_NODE = "ff02::1:ff00:1";
    private static final int ROUTER_DISCRIMINATOR = 0x0A0B0C0D;

    @TempDir
    Path dir;

    private static ForwardingTable table() {
        IpAddresses.Ipv6Address own6 = IpAddresses.parseIpv6(OWN6);
        return ForwardingTable.builder().version(1)
                .ownAddresses(OwnAddresses.builder().ipv4(0, IpAddresses.parseIpv4(OWN)).ipv6(0, own6.high(), own6.low()).build())
                .build();
    }

    private static byte[] arp(int hardwareType, int operation, String sender, String target) {
        byte[] arp = new byte[28];
        put16(arp, 0, hardwareType);
        put16(arp, 2, Headers.ETHERTYPE_IPV4);
        arp[4] = 6;
        arp[5] = 4;
        put16(arp, 6, operation);
        put48(arp, 8, ROUTER_MAC);
        System.arraycopy(intBytes(IpAddresses.parseIpv4(sender)), 0, arp, 14, 4);
        System.arraycopy(intBytes(IpAddresses.parseIpv4(target)), 0, arp, 24, 4);
        return PacketBuilder.ethernetOnly(0x0806, arp).macs(MacAddress.BROADCAST, ROUTER_MAC).padTo(60).build();
    }

    private static byte[] linkLayerOption(int type, long mac) {
        byte[] option = new byte[8];
        option[0] = (byte) type;
        option[1] = 1;
        put48(option, 2, mac);
        return option;
    }

    /** A neighbour solicitation for {@code target} with the router's source link-layer option when {@code option}. */
    private static PacketBuilder solicitation(String source, String destination, String target, boolean option) {
        byte[] body = ipv6Bytes(target);
        if (option) {
            body = concat(body, linkLayerOption(1, ROUTER_MAC));
        }
        return PacketBuilder.ipv6(source, destination).macs(0x3333_FF00_0001L, ROUTER_MAC).ttl(255).icmp(135, 0, 0, body);
    }

    private static byte[] bfd(BfdState state, int flags, int yourDiscriminator) {
        byte[] bytes = new byte[BfdControlPacket.LENGTH];
        new BfdControlPacket().wrap(MemorySegment.ofArray(bytes), 0)
                .write(0, state, flags, 3, ROUTER_DISCRIMINATOR, yourDiscriminator, 1_000_000, 100_000);
        return bytes;
    }

    private static PacketBuilder bfdFrame(String source, int ttl, byte[] control) {
        return PacketBuilder.ipv4(source, OWN).macs(PORT_MAC, ROUTER_MAC).ttl(ttl).udp(49999, 3784).payload(control);
    }

    @Test
    void arpAndNeighbourSolicitationsForOwnAddressesAreAnsweredInPlace() throws Exception {
        List<String> observed = new ArrayList<>();
        try (WorkerHarness harness = new WorkerHarness(dir, table())) {
            harness.hostServices = new HostServices(BfdEndpoint.NONE, new NeighbourObserver() {
                @Override
                public void ipv4(int port, int address, long mac) {
                    observed.add(IpAddresses.formatIpv4(address) + " at " + MacAddress.format(mac));
                }

                @Override
                public void ipv6(int port, long high, long low, long mac) {
                    observed.add(IpAddresses.formatIpv6(high, low) + " at " + MacAddress.format(mac));
                }
            });
            Path out = harness.run(List.of(
                    arp(1, 1, ROUTER, OWN),
                    solicitation(ROUTER6, OWN6_SOLICITED_NODE, OWN6, true).build(),
                    solicitation("::", OWN6_SOLICITED_NODE, OWN6, false).build(),
                    solicitation(ROUTER6, OWN6, OWN6, false).macs(PORT_MAC, ROUTER_MAC).build()));

            assertEquals(1, harness.counter(harness.layout.host(CounterLayout.ARP_REPLIES)));
            assertEquals(3, harness.counter(harness.layout.host(CounterLayout.ND_ADVERTISEMENTS)));
            assertEquals(List.of(ROUTER + " at 02:00:00:00:00:fe", ROUTER6 + " at 02:00:00:00:00:fe"), observed);

            List<String[]> rows = Tshark.fields(out, "eth.src", "eth.dst", "arp.opcode", "arp.src.hw_mac", "arp.src.proto_ipv4",
                    "arp.dst.hw_mac", "arp.dst.proto_ipv4", "ipv6.src", "ipv6.dst", "ipv6.hlim", "icmpv6.type",
                    "icmpv6.nd.na.flag.r", "icmpv6.nd.na.flag.s", "icmpv6.nd.na.flag.o", "icmpv6.nd.na.target_address",
                    "icmpv6.opt.linkaddr", "icmpv6.checksum.status");
            assertEquals(4, rows.size());
            String us = MacAddress.format(PORT_MAC);
            String router = MacAddress.format(ROUTER_MAC);
            assertArrayEquals(new String[] {us, router, "2", us, OWN, router, ROUTER}, Arrays.copyOf(rows.get(0), 7));
            assertArrayEquals(new String[] {us, router, "", "", "", "", "", OWN6, ROUTER6, "255", "136", "0", "1", "1", OWN6, us, "1"},
                    rows.get(1), "solicited: to the solicitor, S and O set");
            assertArrayEquals(new String[] {us, "33:33:00:00:00:01", "", "", "", "", "", OWN6, "ff02::1", "255", "136", "0", "0", "1", OWN6, us, "1"},
                    rows.get(2), "duplicate-address probe: to all nodes, S clear");
            assertArrayEquals(new String[] {us, router, "", "", "", "", "", OWN6, ROUTER6, "255", "136", "0", "1", "1", OWN6, us, "1"},
                    rows.get(3), "a 24-byte solicitation grows into the 32-byte advertisement");
        }
    }

    /** One frame per case: the reason it is dropped for. */
    private static Map<byte[], Integer> malformedAndForeign() {
        Map<byte[], Integer> cases = new HashMap<>();
        cases.put(arp(1, 1, ROUTER, "198.18.0.99"), DropReasons.ARP_IGNORED);
        cases.put(arp(1, 1, ROUTER, ROUTER), DropReasons.ARP_IGNORED);
        cases.put(arp(1, 2, ROUTER, "198.18.0.99"), DropReasons.ARP_IGNORED);
        // A reply to us answers the kernel's own request: the exception path's, dropped without one.
        cases.put(arp(1, 2, ROUTER, OWN), DropReasons.HOST_UNHANDLED);
        cases.put(arp(6, 1, ROUTER, OWN), DropReasons.ARP_MALFORMED);
        cases.put(arp(1, 3, ROUTER, OWN), DropReasons.ARP_MALFORMED);
        cases.put(PacketBuilder.ethernetOnly(0x0806, new byte[20]).macs(MacAddress.BROADCAST, ROUTER_MAC).build(), DropReasons.ARP_MALFORMED);
        cases.put(solicitation(ROUTER6, OWN6_SOLICITED_NODE, OWN6, true).ttl(64).build(), DropReasons.ND_BAD_HOP_LIMIT);
        byte[] badChecksum = solicitation(ROUTER6, OWN6_SOLICITED_NODE, OWN6, true).build();
        badChecksum[14 + 40 + 2] ^= 0x55;
        cases.put(badChecksum, DropReasons.ND_BAD_CHECKSUM);
        cases.put(PacketBuilder.ipv6(ROUTER6, OWN6_SOLICITED_NODE).ttl(255).icmp(135, 1, 0, ipv6Bytes(OWN6)).build(), DropReasons.ND_MALFORMED);
        cases.put(PacketBuilder.ipv6(ROUTER6, OWN6_SOLICITED_NODE).ttl(255).icmp(135, 0, 0, new byte[8]).build(), DropReasons.ND_MALFORMED);
        cases.put(PacketBuilder.ipv6(ROUTER6, OWN6_SOLICITED_NODE).ttl(255).icmp(135, 0, 0, ipv6Bytes("ff02::1")).build(), DropReasons.ND_MALFORMED);
        cases.put(PacketBuilder.ipv6(ROUTER6, OWN6_SOLICITED_NODE).ttl(255)
                .icmp(135, 0, 0, concat(ipv6Bytes(OWN6), new byte[] {1, 0, 0, 0, 0, 0, 0, 0})).build(), DropReasons.ND_MALFORMED);
        cases.put(solicitation("::", OWN6_SOLICITED_NODE, OWN6, true).build(), DropReasons.ND_MALFORMED);
        cases.put(solicitation(ROUTER6, "ff02::1:ff00:99", "2001:2::99", true).build(), DropReasons.ND_IGNORED);
        cases.put(PacketBuilder.ipv6(ROUTER6, "ff02::2").ttl(255).icmp(133, 0, 0, new byte[0]).build(), DropReasons.ND_IGNORED);
        cases.put(PacketBuilder.ipv6(ROUTER6, "ff02::1").ttl(255).icmp(136, 0, 0x2000_0000,
                concat(ipv6Bytes(ROUTER6), linkLayerOption(2, ROUTER_MAC))).build(), DropReasons.ND_IGNORED);
        // An advertisement to us answers the kernel's own solicitation: the exception path's, dropped without one.
        cases.put(PacketBuilder.ipv6(ROUTER6, OWN6).ttl(255).icmp(136, 0, 0x6000_0000,
                concat(ipv6Bytes(ROUTER6), linkLayerOption(2, ROUTER_MAC))).build(), DropReasons.HOST_UNHANDLED);
        cases.put(PacketBuilder.ipv4(ROUTER, OWN).tcp(40000, 179, Headers.Tcp.SYN).build(), DropReasons.HOST_UNHANDLED);
        cases.put(PacketBuilder.ipv6(ROUTER6, OWN6).icmp(128, 0, 0, new byte[8]).build(), DropReasons.HOST_UNHANDLED);
        cases.put(bfdFrame(ROUTER, 255, bfd(BfdState.DOWN, 0, 0)).build(), DropReasons.HOST_UNHANDLED);
        cases.put(PacketBuilder.ipv4(ROUTER, "198.18.0.200").udp(1000, 2000).build(), DropReasons.NOT_FOR_VIP);
        cases.put(PacketBuilder.ethernetOnly(0x88CC, new byte[46]).build(), Verdict.UNSUPPORTED_ETHERTYPE.code());
        return cases;
    }

    @Test
    void malformedAndForeignHostTrafficIsCountedByReasonAndDropped() throws Exception {
        Map<byte[], Integer> cases = malformedAndForeign();
        try (WorkerHarness harness = new WorkerHarness(dir, table())) {
            Path out = harness.run(new ArrayList<>(cases.keySet()));
            Map<Integer, Long> expected = new HashMap<>();
            cases.values().forEach(reason -> expected.merge(reason, 1L, Long::sum));
            expected.forEach((reason, count) ->
                    assertEquals(count, harness.drops(reason), "drops{reason=" + DropReasons.names().get(reason) + "}"));
            assertEquals(0, PcapReader.readAll(out).size(), "nothing answered");
        }
    }

    @Test
    void bfdReachingAnotherWorkerIsHandedToTheOneThatRunsIt() throws Exception {
        BfdPeer router = new BfdPeer(0, InetAddress.getByName(ROUTER));
        try (WorkerHarness harness = new WorkerHarness(dir, table());
             MbufPool pool = MbufPool.create("bfd-handoff", 63, 0, MbufPool.DEFAULT_DATA_ROOM, 0);
             Bfd bfd = Bfd.create("handoff-test", BfdConfig.of(List.of(router)), pool)) {
            HostServices forwarder = new HostServices(bfd.forwarder(), NeighbourObserver.NONE);
            HostServices owner = new HostServices(bfd.owner(), NeighbourObserver.NONE);
            bfd.ready(true);
            Path out = harness.runPair(List.of(bfdFrame(ROUTER, 255, bfd(BfdState.DOWN, 0, 0)).build(),
                    bfdFrame(ROUTER, 64, bfd(BfdState.DOWN, 0, 0)).build()), forwarder, owner, 2);

            assertEquals(2, harness.counter(harness.layout.host(CounterLayout.BFD_HANDED_OFF)));
            assertEquals(1, harness.counter(harness.layout.host(CounterLayout.BFD_RX)));
            assertEquals(1, harness.drops(DropReasons.BFD_TTL), "the owner checks what it is handed");
            assertEquals(BfdState.INIT, bfd.sessions().getFirst().state());
            List<String[]> rows = Tshark.fields(out, "ip.src", "ip.dst", "bfd.sta", "bfd.your_discriminator");
            assertEquals(1, rows.size());
            assertArrayEquals(new String[] {OWN, ROUTER, "0x02", "0x0a0b0c0d"}, rows.getFirst());
        }
    }

    @Test
    void bfdIsAnsweredByTheWorkerThatRunsItAndBadBfdIsCounted() throws Exception {
        BfdPeer router = new BfdPeer(0, InetAddress.getByName(ROUTER));
        try (WorkerHarness harness = new WorkerHarness(dir, table());
             MbufPool pool = MbufPool.create("bfd-test", 63, 0, MbufPool.DEFAULT_DATA_ROOM, 0);
             Bfd bfd = Bfd.create("worker-test", BfdConfig.of(List.of(router)), pool)) {
            harness.hostServices = new HostServices(bfd.owner(), NeighbourObserver.NONE);
            bfd.ready(true);
            byte[] authenticated = Arrays.copyOf(bfd(BfdState.DOWN, 0, 0), 28);
            authenticated[1] |= BfdControlPacket.AUTHENTICATION;
            authenticated[3] = 28;
            byte[] badUdpChecksum = bfdFrame(ROUTER, 255, bfd(BfdState.DOWN, 0, 0)).build();
            badUdpChecksum[14 + 20 + 6] ^= 0x55;
            byte[] version0 = bfd(BfdState.DOWN, 0, 0);
            version0[0] = 0;
            Path out = harness.run(List.of(
                    bfdFrame(ROUTER, 64, bfd(BfdState.DOWN, 0, 0)).build(),
                    bfdFrame(ROUTER, 255, version0).build(),
                    bfdFrame(ROUTER, 255, authenticated).build(),
                    bfdFrame("198.18.0.3", 255, bfd(BfdState.DOWN, 0, 0)).build(),
                    bfdFrame(ROUTER, 255, bfd(BfdState.UP, 0, 0x7777)).build(),
                    badUdpChecksum,
                    bfdFrame(ROUTER, 255, bfd(BfdState.DOWN, 0, 0)).build()), worker -> WorkerHarness.cycle(worker, 2));

            assertEquals(1, harness.drops(DropReasons.BFD_TTL));
            assertEquals(2, harness.drops(DropReasons.BFD_MALFORMED));
            assertEquals(1, harness.drops(DropReasons.BFD_AUTH));
            assertEquals(2, harness.drops(DropReasons.BFD_NO_SESSION), "unknown source; unknown your-discriminator");
            assertEquals(1, harness.counter(harness.layout.host(CounterLayout.BFD_RX)));
            BfdSessionStatus session = bfd.sessions().getFirst();
            assertEquals(BfdState.INIT, session.state());
            assertEquals(ROUTER_DISCRIMINATOR, session.remoteDiscriminator());

            List<String[]> rows = Tshark.fields(out, "eth.dst", "ip.src", "ip.dst", "ip.ttl", "ip.dsfield.dscp", "udp.srcport",
                    "udp.dstport", "udp.checksum.status", "bfd.version", "bfd.sta", "bfd.flags.p", "bfd.flags.f", "bfd.detect_time_multiplier",
                    "bfd.my_discriminator", "bfd.your_discriminator", "bfd.desired_min_tx_interval", "bfd.required_min_rx_interval");
            assertEquals(1, rows.size(), "the Init answering the router's Down, at once");
            String[] init = rows.getFirst();
            assertArrayEquals(new String[] {MacAddress.format(ROUTER_MAC), OWN, ROUTER, "255", "48"}, Arrays.copyOf(init, 5));
            int sourcePort = Integer.parseInt(init[5]);
            assertTrue(sourcePort >= 49152 && sourcePort <= 65535, "source port " + sourcePort);
            assertArrayEquals(new String[] {"3784", "1", "1", "0x02", "0", "0", "3",
                "0x" + String.format("%08x", session.localDiscriminator()), "0x0a0b0c0d", "1000000", "100000"},
                    Arrays.copyOfRange(init, 6, init.length), Arrays.toString(init));
        }
    }
}
