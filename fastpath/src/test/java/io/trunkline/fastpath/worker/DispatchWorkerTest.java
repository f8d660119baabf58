package io.trunkline.fastpath.worker;

import static io.trunkline.fastpath.worker.WorkerHarness.MAX_BACKENDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.fastpath.counters.CounterLayout;
import io.trunkline.fastpath.fate.DropReasons;
import io.trunkline.fastpath.host.OwnAddresses;
import io.trunkline.fastpath.packet.DsrRewriter;
import io.trunkline.fastpath.packet.Headers;
import io.trunkline.fastpath.packet.IpAddresses;
import io.trunkline.fastpath.packet.MacAddress;
import io.trunkline.fastpath.packet.NatRewriter;
import io.trunkline.fastpath.packet.PacketParser;
import io.trunkline.fastpath.packet.Verdict;
import io.trunkline.fastpath.pcap.PcapReader;
import io.trunkline.fastpath.select.Backend;
import io.trunkline.fastpath.select.Policy;
import io.trunkline.fastpath.select.SelectionSnapshot;
import io.trunkline.fastpath.select.SelectionTable;
import io.trunkline.fastpath.sync.SessionChangeOp;
import io.trunkline.fastpath.testing.PacketBuilder;
import io.trunkline.fastpath.testing.Tshark;
import io.trunkline.store.FlowKey;
import io.trunkline.store.SessionEntry;
import io.trunkline.store.SessionState;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dispatch worker on real DPDK (net_pcap in and out), its output decoded by tshark: the
 * rewrites of each forwarding mode, one backend per flow, spread by weight, sessions that pin flows
 * across a change of the backend set and a restart, drops by reason, timeouts.
 */
class DispatchWorkerTest {
    private static final String VIP = "198.19.0.1";
    private static final String VIP6 = "2001:2::100";
    private static final String NAT_VIP = "198.19.0.2";
    private static final String GUE_VIP = "198.19.0.3";
    private static final long GATEWAY_MAC = 0x02_00_00_00_00_FEL;
    private static final int[] WEIGHTS = {1, 1, 2, 4};

    @TempDir
    Path dir;

    private static long backendMac(int id) {
        return 0x02_00_00_00_10_00L | id;
    }

    private static String backendAddress(int id) {
        return "198.18.3." + (10 + id);
    }

    private static List<Backend> dsrBackends(int count) {
        List<Backend> backends = new ArrayList<>();
        for (int id = 0; id < count; id++) {
            backends.add(new Backend(id, "web-" + id, WEIGHTS[id]));
        }
        return backends;
    }

    private static SelectionTable maglev(List<Backend> backends) {
        return SelectionTable.build(Policy.MAGLEV, backends, SelectionTable.tableSizeFor(MAX_BACKENDS));
    }

    /** VIP 0: TCP VIP:80 DSR over backends 0-3; 1: the same over IPv6; 2: NAT to 4-5 port 8080; 3: UDP GUE to 6. */
    private static ForwardingTable table(List<Backend> dsr) {
        return table(dsr, 1);
    }

    private static ForwardingTable table(List<Backend> dsr, long version) {
        return table(dsr, version, -1);
    }

    /** With {@code lost} >= 0: that DSR backend has no target (down, pool policy reassign) and VIP 0 reassigns. */
    private static ForwardingTable table(List<Backend> dsr, long version, int lost) {
        return table(dsr, version, lost, false);
    }

    /** As above; with {@code reset}, VIP 0 answers the lost backend's flows with TCP resets instead. */
    private static ForwardingTable table(List<Backend> dsr, long version, int lost, boolean reset) {
        SelectionSnapshot selection = SelectionSnapshot.empty()
                .with(0, maglev(dsr))
                .with(1, maglev(dsr))
                .with(2, maglev(List.of(new Backend(4, "app-4", 1), new Backend(5, "app-5", 1))))
                .with(3, maglev(List.of(new Backend(6, "dns-6", 1))));
        long v6High = IpAddresses.parseIpv6(VIP6).high();
        long v6Low = IpAddresses.parseIpv6(VIP6).low();
        ForwardingTable.Builder b = ForwardingTable.builder().version(version).selection(selection).gatewayMac(0, false, GATEWAY_MAC).gatewayMac(0, true, GATEWAY_MAC)
                .tunnelSource(IpAddresses.parseIpv4("198.18.1.2"))
                .ownAddresses(OwnAddresses.builder().ipv4(0, IpAddresses.parseIpv4("198.18.1.2")).build())
                .vip(new ForwardingTable.Vip(0, "web", Headers.PROTOCOL_TCP, 0, v4(VIP), 80, ForwardingMode.DSR))
                .vip(new ForwardingTable.Vip(1, "web6", Headers.PROTOCOL_TCP, v6High, v6Low, 80, ForwardingMode.DSR))
                .vip(new ForwardingTable.Vip(2, "app", Headers.PROTOCOL_TCP, 0, v4(NAT_VIP), 80, ForwardingMode.NAT))
                .vip(new ForwardingTable.Vip(3, "dns", Headers.PROTOCOL_UDP, 0, v4(GUE_VIP), 53, ForwardingMode.GUE));
        for (int id = 0; id < 4; id++) {
            if (id != lost) {
                b.target(new ForwardingTable.Target(id, backendMac(id), 0, v4(backendAddress(id)), 80), Headers.PROTOCOL_TCP, -1);
            }
        }
        if (lost >= 0 && reset) {
            b.resetOnBackendLoss(0);
        } else if (lost >= 0) {
            b.reassignOnBackendLoss(0);
        }
        for (int id = 4; id < 6; id++) {
            b.target(new ForwardingTable.Target(id, backendMac(id), 0, v4(backendAddress(id)), 8080), Headers.PROTOCOL_TCP, 2);
        }
        b.target(new ForwardingTable.Target(6, backendMac(6), 0, v4("198.18.4.6"), 53), Headers.PROTOCOL_UDP, -1);
        return b.build();
    }

    private static long v4(String address) {
        return ForwardingTable.ipv4Low(IpAddresses.parseIpv4(address));
    }

    private static byte[] tcp(String client, int port, String vip, int vipPort, int flags) {
        return PacketBuilder.ipv4(client, vip).tcp(port, vipPort, flags).payload(new byte[(flags & Headers.Tcp.SYN) != 0 ? 0 : 32]).build();
    }

    @Test
    void dsrPinsEachFlowToOneBackendAndSpreadsByWeight() throws Exception {
        int flows = 4000;
        List<byte[]> frames = new ArrayList<>();
        for (int flags : new int[] {Headers.Tcp.SYN, Headers.Tcp.ACK | 0x08, Headers.Tcp.FIN | Headers.Tcp.ACK}) {
            for (int i = 0; i < flows; i++) {
                frames.add(tcp("198.18.0." + (1 + i % 200), 10_000 + i, VIP, 80, flags));
            }
        }
        try (WorkerHarness h = new WorkerHarness(dir, table(dsrBackends(4)))) {
            Path out = h.run(frames);

            List<String[]> rows = Tshark.fields(out, "eth.dst", "eth.src", "ip.src", "tcp.srcport", "ip.dst", "tcp.dstport");
            assertEquals(frames.size(), rows.size(), "every frame forwarded");
            Map<String, String> backendOfFlow = new HashMap<>();
            for (String[] r : rows) {
                assertEquals(MacAddress.format(WorkerHarness.PORT_MAC), r[1], "sent from the dispatcher's port");
                assertEquals(VIP, r[4], "DSR leaves the destination address alone");
                String flow = r[2] + ":" + r[3];
                String previous = backendOfFlow.putIfAbsent(flow, r[0]);
                assertTrue(previous == null || previous.equals(r[0]), "flow " + flow + " went to two backends");
            }
            assertEquals(flows, backendOfFlow.size());
            int[] perBackend = new int[4];
            backendOfFlow.values().forEach(mac -> perBackend[(int) (MacAddress.parse(mac) & 0xff)]++);
            for (int id = 0; id < 4; id++) {
                double expected = flows * WEIGHTS[id] / 8.0;
                assertTrue(Math.abs(perBackend[id] - expected) < 0.2 * expected,
                        "backend " + id + " got " + perBackend[id] + " flows, weight share " + expected);
            }
            assertEquals(flows, h.counter(CounterLayout.SESSIONS_NEW));
            assertEquals(flows, h.counter(CounterLayout.FLOW_CACHE_MISS));
            assertEquals(2L * flows, h.counter(CounterLayout.FLOW_CACHE_HIT));
            SessionEntry entry = new SessionEntry();
            assertTrue(h.sessions.get(new FlowKey().ipv4(6, IpAddresses.parseIpv4("198.18.0.1"), 10_000, IpAddresses.parseIpv4(VIP), 80), entry));
            assertEquals(SessionState.CLOSING, entry.state(), "FIN moved the session to closing");
            int[] upserts = new int[1];
            while (h.changes.drain((op, key, version, e) -> upserts[0] += op == SessionChangeOp.UPSERT ? 1 : 0, 1024) > 0) {
                // the replicator's side of the hand-off
            }
            assertEquals(3 * flows, upserts[0], "open, established and closing each went to the replicator");
        }
    }

    @Test
    void natRewritesBothWaysWithValidChecksums() throws Exception {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            frames.add(tcp("198.18.0.7", 20_000 + i, NAT_VIP, 80, Headers.Tcp.SYN));
        }
        for (int i = 0; i < 100; i++) {
            frames.add(PacketBuilder.ipv4(backendAddress(4 + i % 2), "198.18.0.7").tcp(8080, 20_000 + i, Headers.Tcp.ACK)
                    .payload(new byte[20]).build());
        }
        for (int i = 0; i < 10; i++) { // a backend answering the dispatcher itself (a health check): no NAT reply
            frames.add(PacketBuilder.ipv4(backendAddress(4), "198.18.1.2").tcp(8080, 40_000 + i, Headers.Tcp.ACK).build());
        }
        try (WorkerHarness h = new WorkerHarness(dir, table(dsrBackends(4)))) {
            List<String[]> rows = Tshark.fields(h.run(frames), "eth.dst", "ip.src", "ip.dst", "tcp.srcport", "tcp.dstport",
                    "ip.checksum.status", "tcp.checksum.status");
            assertEquals(200, rows.size());
            for (String[] r : rows.subList(0, 100)) {
                assertTrue(r[2].equals(backendAddress(4)) || r[2].equals(backendAddress(5)), "to a backend: " + r[2]);
                assertEquals(MacAddress.format(backendMac(r[2].equals(backendAddress(4)) ? 4 : 5)), r[0]);
                assertEquals("8080", r[4]);
                assertEquals("1", r[5], "IP checksum");
                assertEquals("1", r[6], "TCP checksum");
            }
            for (String[] r : rows.subList(100, 200)) {
                assertEquals(NAT_VIP, r[1], "replies come from the VIP");
                assertEquals("80", r[3]);
                assertEquals(MacAddress.format(GATEWAY_MAC), r[0], "replies go to the router");
                assertEquals("1", r[5], "IP checksum");
                assertEquals("1", r[6], "TCP checksum");
            }
            assertEquals(10, h.drops(DropReasons.HOST_UNHANDLED), "to the host path, which has no kernel port here");
        }
    }

    @Test
    void natEstablishedFlowsTakeTheLaneAndLeaveAsTheSlowPathWritesThem() throws Exception {
        int flows = 50;
        int dataPerFlow = 3;
        List<byte[]> frames = new ArrayList<>();
        for (int flags : new int[] {Headers.Tcp.SYN, Headers.Tcp.ACK}) {
            for (int i = 0; i < flows; i++) {
                frames.add(tcp("198.18.0.8", 21_000 + i, NAT_VIP, 80, flags));
            }
        }
        for (int d = 0; d < dataPerFlow; d++) {
            for (int i = 0; i < flows; i++) {
                frames.add(PacketBuilder.ipv4("198.18.0.8", NAT_VIP).tcp(21_000 + i, 80, Headers.Tcp.ACK | Headers.Tcp.PSH)
                        .payload(new byte[100 + d]).build());
            }
        }
        for (int i = 0; i < flows; i++) {
            frames.add(tcp("198.18.0.8", 21_000 + i, NAT_VIP, 80, Headers.Tcp.FIN | Headers.Tcp.ACK));
        }
        try (WorkerHarness h = new WorkerHarness(dir, table(dsrBackends(4)))) {
            Path out = h.run(frames);
            List<String[]> rows = Tshark.fields(out, "ip.dst", "tcp.dstport", "ip.checksum.status", "tcp.checksum.status");
            assertEquals(frames.size(), rows.size());
            for (String[] r : rows) {
                assertEquals("8080|1|1", r[1] + "|" + r[2] + "|" + r[3], "to the backend's port, valid checksums");
            }
            List<byte[]> sent = PcapReader.readAll(out);
            for (int f = 2 * flows; f < (2 + dataPerFlow) * flows; f++) {
                int backend = rows.get(f % flows)[0].equals(backendAddress(4)) ? 4 : 5;
                assertEquals(rows.get(f % flows)[0], rows.get(f)[0], "every packet of a flow to the backend its SYN went to");
                assertArrayEquals(slowPathNat(frames.get(f), backend), sent.get(f), "frame " + f + " as the slow path writes it");
            }
            assertEquals(dataPerFlow * flows, h.counter(CounterLayout.ESTABLISHED_LANE),
                    "the data took the lane; the SYN, the ACK that completes the handshake and the FIN did not");
            assertEquals(flows, h.counter(CounterLayout.SESSIONS_NEW));
            SessionEntry entry = new SessionEntry();
            assertTrue(h.sessions.get(new FlowKey().ipv4(6, IpAddresses.parseIpv4("198.18.0.8"), 21_000, IpAddresses.parseIpv4(NAT_VIP), 80), entry));
            assertEquals(SessionState.CLOSING, entry.state(), "the FIN after the lane still closed the session");
        }
    }

    /** The slow path's rewrite of a client's frame for NAT backend {@code backend}: parse, destination NAT, readdress. */
    private static byte[] slowPathNat(byte[] frame, int backend) {
        MemorySegment copy = MemorySegment.ofArray(frame.clone());
        PacketParser parser = new PacketParser();
        assertTrue(parser.parse(copy, 0, frame.length).isOk());
        new NatRewriter().rewriteDestination(parser, IpAddresses.parseIpv4(backendAddress(backend)), 8080);
        new DsrRewriter(WorkerHarness.PORT_MAC).rewrite(parser, backendMac(backend));
        return copy.toArray(ValueLayout.JAVA_BYTE);
    }

    @Test
    void natVipsOnTwoPortsShareBackendsThatTakeTheVipsPort() throws Exception {
        List<Backend> app = List.of(new Backend(4, "app-4", 1), new Backend(5, "app-5", 1));
        ForwardingTable.Builder b = ForwardingTable.builder().version(1)
                .selection(SelectionSnapshot.empty().with(0, maglev(app)).with(1, maglev(app)))
                .gatewayMac(0, false, GATEWAY_MAC)
                .vip(new ForwardingTable.Vip(0, "http", Headers.PROTOCOL_TCP, 0, v4(NAT_VIP), 80, ForwardingMode.NAT))
                .vip(new ForwardingTable.Vip(1, "https", Headers.PROTOCOL_TCP, 0, v4(NAT_VIP), 443, ForwardingMode.NAT));
        for (int vip = 0; vip < 2; vip++) {
            for (int id = 4; id < 6; id++) { // port 0: the port of the VIP the session came for
                b.target(new ForwardingTable.Target(id, backendMac(id), 0, v4(backendAddress(id)), 0), Headers.PROTOCOL_TCP, vip);
            }
        }
        List<byte[]> frames = new ArrayList<>();
        for (int vipPort : new int[] {80, 443}) {
            frames.add(tcp("198.18.0.7", 20_000 + vipPort, NAT_VIP, vipPort, Headers.Tcp.SYN));
            frames.add(PacketBuilder.ipv4(backendAddress(4), "198.18.0.7").tcp(vipPort, 20_000 + vipPort, Headers.Tcp.ACK).build());
        }
        try (WorkerHarness h = new WorkerHarness(dir, b.build())) {
            List<String[]> rows = Tshark.fields(h.run(frames), "ip.src", "ip.dst", "tcp.srcport", "tcp.dstport", "tcp.checksum.status");
            assertEquals(4, rows.size());
            for (int i = 0; i < 2; i++) {
                String vipPort = i == 0 ? "80" : "443";
                String[] toBackend = rows.get(2 * i);
                String[] reply = rows.get(2 * i + 1);
                assertTrue(toBackend[1].equals(backendAddress(4)) || toBackend[1].equals(backendAddress(5)), "to a backend");
                assertEquals(vipPort, toBackend[3], "the backend is reached on the VIP's port");
                assertEquals(NAT_VIP, reply[0], "the reply comes from the VIP");
                assertEquals(vipPort, reply[2], "the reply comes from the VIP's port it was sent on");
                assertEquals("1", toBackend[4]);
                assertEquals("1", reply[4]);
            }
        }
    }

    @Test
    void ipv6WithVlanGoesToABackendKeepingItsTag() throws Exception {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            frames.add(PacketBuilder.ipv6("2001:2::" + (i + 1), VIP6).vlan(Headers.ETHERTYPE_VLAN, 100).tcp(30_000 + i, 80, Headers.Tcp.SYN).build());
        }
        try (WorkerHarness h = new WorkerHarness(dir, table(dsrBackends(4)))) {
            List<String[]> rows = Tshark.fields(h.run(frames), "eth.dst", "vlan.id", "ipv6.dst", "tcp.dstport");
            assertEquals(50, rows.size());
            for (String[] r : rows) {
                assertTrue(r[0].startsWith("02:00:00:00:10:0"), "a backend MAC: " + r[0]);
                assertEquals("100", r[1]);
                assertEquals(VIP6, r[2]);
            }
            assertEquals(50, h.counter(CounterLayout.SESSIONS_NEW));
        }
    }

    @Test
    void gueEncapsulatesTheWholeIpPacket() throws Exception {
        byte[] query = PacketBuilder.ipv4("198.18.0.9", GUE_VIP).udp(5353, 53).payload(new byte[40]).build();
        try (WorkerHarness h = new WorkerHarness(dir, table(dsrBackends(4)))) {
            Path out = h.run(List.of(query));
            List<String[]> rows = Tshark.fields(out, "eth.dst", "ip.src", "ip.dst", "udp.dstport", "ip.checksum.status");
            assertEquals(1, rows.size());
            assertEquals(MacAddress.format(backendMac(6)), rows.get(0)[0]);
            assertEquals("198.18.1.2", rows.get(0)[1], "outer source is the dispatcher");
            assertEquals("198.18.4.6", rows.get(0)[2], "outer destination is the backend");
            assertEquals("6080", rows.get(0)[3]);
            byte[] sent = PcapReader.readAll(out).get(0);
            int inner = 14 + 20 + 8 + 4;
            assertArrayEquals(Arrays.copyOfRange(query, 14, query.length), Arrays.copyOfRange(sent, inner, sent.length),
                    "the client's IP packet travels unchanged inside");
        }
    }

    @Test
    void malformedAndForeignPacketsAreCountedAndDroppedFragmentsStayTogether() throws Exception {
        byte[] valid = tcp("198.18.0.1", 40_000, VIP, 80, Headers.Tcp.SYN);
        byte[] badIhl = valid.clone();
        badIhl[14] = 0x44; // IHL 4 words: shorter than the minimum header
        List<byte[]> frames = List.of(
                Arrays.copyOf(valid, 10),
                badIhl,
                PacketBuilder.ethernetOnly(0x88CC, new byte[46]).build(),
                tcp("198.18.0.1", 40_001, "198.19.9.9", 80, Headers.Tcp.SYN),
                PacketBuilder.ipv4("198.18.0.5", VIP).fragment(0, true).tcp(40_002, 80, Headers.Tcp.ACK).payload(new byte[64]).build(),
                PacketBuilder.ipv4("198.18.0.5", VIP).fragment(88, false).tcp(40_002, 80, Headers.Tcp.ACK).payload(new byte[16]).build());
        try (WorkerHarness h = new WorkerHarness(dir, table(dsrBackends(4)))) {
            List<String[]> rows = Tshark.fields(h.run(frames), "eth.dst", "ip.src");
            assertEquals(2, rows.size(), "only the two fragments go out");
            assertEquals(rows.get(0)[0], rows.get(1)[0], "both fragments of the datagram reach the same backend");
            assertEquals(1, h.drops(Verdict.TRUNCATED_L2.code()));
            assertEquals(1, h.drops(Verdict.BAD_IPV4_IHL.code()));
            assertEquals(1, h.drops(Verdict.UNSUPPORTED_ETHERTYPE.code()));
            assertEquals(1, h.drops(DropReasons.NOT_FOR_VIP));
            assertEquals(0, h.counter(CounterLayout.SESSIONS_NEW), "fragments open no session");
        }
    }

    @Test
    void sessionsPinFlowsAcrossABackendChangeAndARestart() throws Exception {
        int flows = 500;
        List<byte[]> syns = new ArrayList<>();
        List<byte[]> data = new ArrayList<>();
        List<byte[]> strangers = new ArrayList<>();
        for (int i = 0; i < flows; i++) {
            syns.add(tcp("198.18.1." + (i % 250), 50_000 + i, VIP, 80, Headers.Tcp.SYN));
            data.add(tcp("198.18.1." + (i % 250), 50_000 + i, VIP, 80, Headers.Tcp.ACK));
            strangers.add(tcp("198.18.2." + (i % 250), 50_000 + i, VIP, 80, Headers.Tcp.ACK));
        }
        try (WorkerHarness h = new WorkerHarness(dir, table(dsrBackends(4)))) {
            Map<String, String> before = backendByClient(h.run(syns));
            assertEquals(flows, before.size());
            assertTrue(before.containsValue(MacAddress.format(backendMac(3))), "some flows went to backend 3");

            List<Backend> withoutThree = dsrBackends(3);
            h.tables.publish(table(withoutThree, 2));
            List<byte[]> after = new ArrayList<>(data);
            after.addAll(strangers);
            Map<String, String> now = backendByClient(h.run(after)); // a new worker: its flow cache starts empty

            for (var e : before.entrySet()) {
                assertEquals(e.getValue(), now.get(e.getKey()), "session of " + e.getKey() + " kept its backend");
            }
            SelectionTable consistent = maglev(withoutThree);
            for (int i = 0; i < flows; i++) {
                FlowKey key = new FlowKey().ipv4(6, IpAddresses.parseIpv4("198.18.2." + (i % 250)), 50_000 + i, IpAddresses.parseIpv4(VIP), 80);
                assertEquals(MacAddress.format(backendMac(consistent.lookup(key.hash()))), now.get("198.18.2." + (i % 250) + ":" + (50_000 + i)),
                        "a packet without a session takes the consistent-hash choice");
            }
            assertEquals(flows, h.counter(CounterLayout.SESSIONS_NEW), "ACKs without a session open none");
        }
    }

    @Test
    void flowsOfALostBackendMoveWhenThePoolReassigns() throws Exception {
        int flows = 400;
        List<byte[]> syns = new ArrayList<>();
        List<byte[]> data = new ArrayList<>();
        for (int i = 0; i < flows; i++) {
            syns.add(tcp("198.18.1." + (i % 250), 40_000 + i, VIP, 80, Headers.Tcp.SYN));
            data.add(tcp("198.18.1." + (i % 250), 40_000 + i, VIP, 80, Headers.Tcp.ACK));
        }
        try (WorkerHarness h = new WorkerHarness(dir, table(dsrBackends(4)))) {
            Map<String, String> before = backendByClient(h.run(syns));
            String lostMac = MacAddress.format(backendMac(3));
            long onLost = before.values().stream().filter(lostMac::equals).count();
            assertTrue(onLost > 0, "some flows went to backend 3");

            h.tables.publish(table(dsrBackends(3), 2, 3));
            Map<String, String> now = backendByClient(h.run(data));

            SelectionTable consistent = maglev(dsrBackends(3));
            SessionEntry entry = new SessionEntry();
            for (var e : before.entrySet()) {
                String[] client = e.getKey().split(":");
                FlowKey key = new FlowKey().ipv4(6, IpAddresses.parseIpv4(client[0]), Integer.parseInt(client[1]),
                        IpAddresses.parseIpv4(VIP), 80);
                if (e.getValue().equals(lostMac)) {
                    int moved = consistent.lookup(key.hash());
                    assertEquals(MacAddress.format(backendMac(moved)), now.get(e.getKey()), "moved to the consistent-hash choice");
                    assertTrue(h.sessions.get(key, entry));
                    assertEquals(moved, entry.backendId(), "the session says where the flow went");
                } else {
                    assertEquals(e.getValue(), now.get(e.getKey()), "flows of live backends stay");
                }
            }
            assertEquals(onLost, h.counter(CounterLayout.SESSIONS_REASSIGNED));
            assertEquals(0, h.drops(DropReasons.NO_BACKEND));
        }
    }

    @Test
    void flowsOfALostBackendAreResetWhenThePoolSaysReset() throws Exception {
        int flows = 300;
        List<byte[]> syns = new ArrayList<>();
        List<byte[]> data = new ArrayList<>();
        for (int i = 0; i < flows; i++) {
            syns.add(tcp("198.18.1." + (i % 250), 30_000 + i, VIP, 80, Headers.Tcp.SYN));
            data.add(tcp("198.18.1." + (i % 250), 30_000 + i, VIP, 80, Headers.Tcp.ACK));
        }
        try (WorkerHarness h = new WorkerHarness(dir, table(dsrBackends(4)))) {
            Map<String, String> before = backendByClient(h.run(syns));
            String lostMac = MacAddress.format(backendMac(3));
            long onLost = before.values().stream().filter(lostMac::equals).count();
            assertTrue(onLost > 0, "some flows went to backend 3");

            h.tables.publish(table(dsrBackends(3), 2, 3, true));
            List<String[]> rows = Tshark.fields(h.run(data), "tcp.flags.reset", "ip.src", "ip.dst", "tcp.srcport", "tcp.dstport",
                    "tcp.seq_raw", "eth.dst", "ip.checksum.status", "tcp.checksum.status", "tcp.len");
            long resets = 0;
            for (String[] r : rows) {
                String client = r[2] + ":" + r[4];
                if (r[0].equals("1") || r[0].equals("True")) {
                    resets++;
                    assertEquals(lostMac, before.get(client), "only flows of the lost backend are reset");
                    assertEquals(VIP + ":80", r[1] + ":" + r[3], "from the VIP to the client");
                    assertEquals(Long.toString(0x0A0B0C0DL), r[5], "seq = the client's acknowledgment");
                    assertEquals("1|1|0", r[7] + "|" + r[8] + "|" + r[9], "valid checksums, no payload");
                } else {
                    assertTrue(!before.get(r[1] + ":" + r[3]).equals(lostMac), "the other flows are forwarded");
                }
            }
            assertEquals(onLost, resets);
            assertEquals(onLost, h.counter(CounterLayout.TCP_RESETS_SENT));
        }
    }

    @Test
    void idleAndClosedSessionsTimeOut() throws Exception {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            frames.add(tcp("198.18.0.3", 60_000 + i, VIP, 80, Headers.Tcp.SYN));
        }
        for (int i = 0; i < 5; i++) {
            frames.add(tcp("198.18.0.3", 60_000 + i, VIP, 80, Headers.Tcp.FIN | Headers.Tcp.ACK));
        }
        try (WorkerHarness h = new WorkerHarness(dir, table(dsrBackends(4)))) {
            h.run(frames, worker -> {
                h.nanos += 3_000_000_000L; // past the closing linger (2 s), within the SYN timeout (10 s)
                WorkerHarness.cycle(worker, 256);
                assertEquals(5, h.counter(CounterLayout.SESSIONS_CLOSED), "closed sessions went after their linger");
                assertFalse(h.sessions.get(key(60_000), new SessionEntry()));
                assertTrue(h.sessions.get(key(60_007), new SessionEntry()), "a half-open session waits for its SYN timeout");

                h.nanos += 8_000_000_000L;
                WorkerHarness.cycle(worker, 256);
                assertEquals(10, h.counter(CounterLayout.SESSIONS_CLOSED));
                assertFalse(h.sessions.get(key(60_007), new SessionEntry()));
                assertEquals(0, worker.timedSessions());
            });
        }
    }

    private static FlowKey key(int clientPort) {
        return new FlowKey().ipv4(6, IpAddresses.parseIpv4("198.18.0.3"), clientPort, IpAddresses.parseIpv4(VIP), 80);
    }

    private static Map<String, String> backendByClient(Path capture) throws Exception {
        Map<String, String> result = new HashMap<>();
        for (String[] r : Tshark.fields(capture, "eth.dst", "ip.src", "tcp.srcport")) {
            result.put(r[1] + ":" + r[2], r[0]);
        }
        return result;
    }
}
