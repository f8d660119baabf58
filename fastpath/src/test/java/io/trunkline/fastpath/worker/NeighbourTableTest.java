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
import io.trunkline.fastpath.counters.CounterLayout;
import io.trunkline.fastpath.host.BfdEndpoint;
import io.trunkline.fastpath.host.HostDuty;
import io.trunkline.fastpath.host.HostServices;
import io.trunkline.fastpath.host.KernelEndpoint;
import io.trunkline.fastpath.host.NeighbourObservations;
import io.trunkline.fastpath.host.NeighbourRequests;
import io.trunkline.fastpath.host.NeighbourTable.State;
import io.trunkline.fastpath.host.NeighbourTable;
import io.trunkline.fastpath.host.OwnAddresses;
import io.trunkline.fastpath.packet.Headers;
import io.trunkline.fastpath.packet.IpAddresses;
import io.trunkline.fastpath.packet.MacAddress;
import io.trunkline.fastpath.testing.PacketBuilder;
import io.trunkline.fastpath.testing.TestEal;
import io.trunkline.fastpath.testing.Tshark;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The neighbour table end to end on real DPDK: its requests built and sent by a worker on a {@code net_pcap}
 * port and decoded by tshark, the answers received by that worker and learnt by the table; and its state
 * machine (INCOMPLETE, FAILED with back-off, REACHABLE, PROBE, MAC lost) stepped with a manual clock.
 */
class NeighbourTableTest {
    private static final long ROUTER_MAC = 0x02_00_00_00_00_FEL;
    private static final String OWN = "198.18.0.1";
    private static final String ROUTER = "198.18.0.2";
    private static final String OWN6 = "2001:2::1";
    private static final String ROUTER6 = "2001:2::fe";
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @TempDir
    Path dir;

    private long now = 1_000 * SECOND;
    private final AtomicInteger changes = new AtomicInteger();

    @Test
    void requestsGoOutFromTheFastPathAndAnswersAreLearnt() throws Exception {
        TestEal.start();
        IpAddresses.Ipv6Address own6 = IpAddresses.parseIpv6(OWN6);
        ForwardingTable table = ForwardingTable.builder().version(1)
                .ownAddresses(OwnAddresses.builder().ipv4(0, IpAddresses.parseIpv4(OWN)).ipv6(0, own6.high(), own6.low()).build()).build();
        try (WorkerHarness harness = new WorkerHarness(dir, table);
             MbufPool pool = MbufPool.create("neighbour-requests", 63, 0, MbufPool.DEFAULT_DATA_ROOM, 0)) {
            NeighbourRequests requests = new NeighbourRequests(64, pool);
            NeighbourObservations observations = new NeighbourObservations(64);
            NeighbourTable neighbours = table(requests, observations);
            neighbours.targets(List.of(target(ROUTER, OWN), target(ROUTER6, OWN6)));
            HostDuty sender = requests.sender();
            harness.hostServices = new HostServices(BfdEndpoint.NONE, observations, sender, KernelEndpoint.NONE);

            neighbours.doWork();
            Path out = harness.run(List.of(arpReply(), advertisement()), worker -> WorkerHarness.cycle(worker, 2));
            neighbours.doWork();

            List<String[]> sent = Tshark.fields(out, "eth.dst", "eth.src", "arp.opcode", "arp.src.hw_mac", "arp.src.proto_ipv4",
                    "arp.dst.proto_ipv4", "ipv6.src", "ipv6.dst", "ipv6.hlim", "icmpv6.type", "icmpv6.nd.ns.target_address",
                    "icmpv6.opt.linkaddr", "icmpv6.checksum.status");
            String us = MacAddress.format(WorkerHarness.PORT_MAC);
            assertEquals(2, sent.size());
            assertArrayEquals(new String[] {"ff:ff:ff:ff:ff:ff", us, "1", us, OWN, ROUTER, "", "", "", "", "", "", ""}, sent.get(0),
                    "ARP request, broadcast, from our MAC and address");
            assertArrayEquals(new String[] {"33:33:ff:00:00:fe", us, "", "", "", "", OWN6, "ff02::1:ff00:fe", "255", "135", ROUTER6, us, "1"},
                    sent.get(1), "solicitation to the solicited-node group, hop limit 255, our link-layer address, checksum good");
            assertEquals(2, harness.counter(harness.layout.host(CounterLayout.NEIGHBOUR_REQUESTS)));
            assertEquals(OptionalLong.of(ROUTER_MAC), neighbours.mac(InetAddress.getByName(ROUTER)));
            assertEquals(OptionalLong.of(ROUTER_MAC), neighbours.mac(InetAddress.getByName(ROUTER6)));
            assertEquals(1, changes.get(), "one forwarding-table rebuild for what one duty cycle learnt");
            assertTrue(neighbours.entries().stream().allMatch(e -> e.state() == State.REACHABLE), neighbours.entries().toString());

            now += 30 * SECOND;
            neighbours.doWork();
            neighbours.doWork();
            Path probes = harness.run(List.of(), worker -> WorkerHarness.cycle(worker, 2));
            List<String[]> unicast = Tshark.fields(probes, "eth.dst", "arp.opcode", "ipv6.dst", "icmpv6.type");
            assertArrayEquals(new String[] {MacAddress.format(ROUTER_MAC), "1", "", ""}, unicast.get(0), "reachability probe: unicast ARP");
            assertArrayEquals(new String[] {MacAddress.format(ROUTER_MAC), "", ROUTER6, "135"}, unicast.get(1),
                    "reachability probe: solicitation to the neighbour itself");
            assertEquals(OptionalLong.of(ROUTER_MAC), neighbours.mac(InetAddress.getByName(ROUTER)), "the MAC stays in use while probed");
        }
    }

    @Test
    void unansweredNeighboursFailBackOffAndAreLostWhenProbesGoUnanswered() throws Exception {
        TestEal.start();
        try (MbufPool pool = MbufPool.create("neighbour-states", 63, 0, MbufPool.DEFAULT_DATA_ROOM, 0)) {
            NeighbourObservations observations = new NeighbourObservations(64);
            NeighbourTable neighbours = table(new NeighbourRequests(64, pool), observations);
            neighbours.targets(List.of(target(ROUTER, OWN)));

            for (int request = 1; request <= 3; request++) {
                neighbours.doWork();
                assertEquals(State.INCOMPLETE, only(neighbours).state());
                assertEquals(request, only(neighbours).requests(), "one request per retransmit interval");
                now += SECOND;
            }
            neighbours.doWork();
            assertEquals(State.FAILED, only(neighbours).state());
            assertEquals(1, only(neighbours).failures());
            now += SECOND;
            neighbours.doWork();
            neighbours.doWork();
            assertEquals(State.INCOMPLETE, only(neighbours).state(), "tried again after 1 s");
            assertEquals(4, only(neighbours).requests());
            for (int request = 5; request <= 6; request++) {
                now += SECOND;
                neighbours.doWork();
                assertEquals(request, only(neighbours).requests());
            }
            now += SECOND;
            neighbours.doWork();
            assertEquals(State.FAILED, only(neighbours).state());
            assertEquals(2, only(neighbours).failures());
            now += SECOND;
            neighbours.doWork();
            assertEquals(State.FAILED, only(neighbours).state(), "the second back-off is twice the first");
            now += SECOND;
            neighbours.doWork();
            assertEquals(State.INCOMPLETE, only(neighbours).state(), "tried again after 2 s");
            assertEquals(0, changes.get(), "nothing learnt, nothing lost: no rebuild");

            observations.ipv4(0, IpAddresses.parseIpv4("198.18.0.99"), 0x02_00_00_00_00_99L);
            observations.ipv4(0, IpAddresses.parseIpv4(ROUTER), ROUTER_MAC);
            neighbours.doWork();
            assertEquals(State.REACHABLE, only(neighbours).state());
            assertEquals(1, changes.get());
            assertEquals(OptionalLong.empty(), neighbours.mac(InetAddress.getByName("198.18.0.99")), "only wanted neighbours are kept");

            now += 30 * SECOND;
            neighbours.doWork();
            assertEquals(State.PROBE, only(neighbours).state());
            for (int probe = 0; probe < 3; probe++) {
                neighbours.doWork();
                now += SECOND;
            }
            neighbours.doWork();
            assertEquals(State.FAILED, only(neighbours).state());
            assertEquals(OptionalLong.empty(), neighbours.mac(InetAddress.getByName(ROUTER)), "MAC lost");
            assertEquals(2, changes.get(), "the loss rebuilds the forwarding table");

            observations.ipv4(0, IpAddresses.parseIpv4(ROUTER), ROUTER_MAC);
            neighbours.doWork();
            neighbours.targets(List.of());
            neighbours.doWork();
            assertEquals(List.of(), neighbours.entries());
            assertEquals(4, changes.get(), "learnt again, then dropped from the table: two rebuilds");
        }
    }

    private NeighbourTable table(NeighbourRequests requests, NeighbourObservations observations) {
        return new NeighbourTable(requests, observations, () -> now, NeighbourTable.Timers.DEFAULT, changes::incrementAndGet);
    }

    private static NeighbourTable.Target target(String address, String source) throws Exception {
        return new NeighbourTable.Target(0, InetAddress.getByName(address), InetAddress.getByName(source));
    }

    private static NeighbourTable.Status only(NeighbourTable table) {
        assertEquals(1, table.entries().size());
        return table.entries().getFirst();
    }

    /** The router's ARP reply to us. */
    private static byte[] arpReply() {
        byte[] arp = new byte[28];
        put16(arp, 0, 1);
        put16(arp, 2, Headers.ETHERTYPE_IPV4);
        arp[4] = 6;
        arp[5] = 4;
        put16(arp, 6, 2);
        put48(arp, 8, ROUTER_MAC);
        System.arraycopy(intBytes(IpAddresses.parseIpv4(ROUTER)), 0, arp, 14, 4);
        put48(arp, 18, WorkerHarness.PORT_MAC);
        System.arraycopy(intBytes(IpAddresses.parseIpv4(OWN)), 0, arp, 24, 4);
        return PacketBuilder.ethernetOnly(0x0806, arp).macs(WorkerHarness.PORT_MAC, ROUTER_MAC).build();
    }

    /** The router's solicited advertisement to us, with its target link-layer option. */
    private static byte[] advertisement() {
        byte[] option = new byte[8];
        option[0] = 2;
        option[1] = 1;
        put48(option, 2, ROUTER_MAC);
        return PacketBuilder.ipv6(ROUTER6, OWN6).ttl(255).icmp(136, 0, 0x6000_0000, concat(ipv6Bytes(ROUTER6), option))
                .macs(WorkerHarness.PORT_MAC, ROUTER_MAC).build();
    }
}
